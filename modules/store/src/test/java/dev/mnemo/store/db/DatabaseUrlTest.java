package dev.mnemo.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void parsesMnemoLiteStyleUrls() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql+asyncpg://mnemo:s3cr%40t@db.local:5433/mnemolite?sslmode=require");
        assertThat(url.host()).isEqualTo("db.local");
        assertThat(url.port()).isEqualTo(5433);
        assertThat(url.database()).isEqualTo("mnemolite");
        assertThat(url.user()).isEqualTo("mnemo");
        assertThat(url.password()).isEqualTo("s3cr@t");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/mnemolite?sslmode=require");
        assertThat(url.redacted()).doesNotContain("s3cr");
    }

    @Test
    void acceptsJdbcAndR2dbcForms() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/d").port()).isEqualTo(5432);
        assertThat(DatabaseUrl.parse("r2dbc:postgresql://u@h:1/d").user()).isEqualTo("u");
        assertThat(DatabaseUrl.parse("postgres://h:2/d").port()).isEqualTo(2);
    }

    @Test
    void settingsCredentialsWin() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://a:b@h/d").withCredentials("c", "e");
        assertThat(url.user()).isEqualTo("c");
        assertThat(url.password()).isEqualTo("e");
        assertThat(DatabaseUrl.parse("postgresql://a:b@h/d").withCredentials(null, "").password()).isEqualTo("b");
    }

    @Test
    void rejectsWhatIsNotPostgres() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://h/d")).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:pw@h")).hasMessageContaining("no database")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> DatabaseUrl.parse("localhost")).hasMessageContaining("mnemo.db.url");
    }
}
