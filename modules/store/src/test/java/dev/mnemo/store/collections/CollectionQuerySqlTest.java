package dev.mnemo.store.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.filter.FilterSql;
import dev.mnemo.store.sql.Sql;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A collection query reads its filter in two places (graph and pending records) but renders and binds it once. */
class CollectionQuerySqlTest {

    private static final CollectionInfo C = new CollectionInfo(7, "c", JsonMapper.shared().createObjectNode(), "TEXT",
            Distance.COSINE, HnswParams.DEFAULTS, 3, null, Tenant.DEFAULT);

    @Test
    void theFilterIsRenderedOnceAndUsedByBothParts() {
        Filter filter = Filter.allOf(
                new Filter.Metadata("tag", Filter.MetadataOp.IN, List.of(new Filter.Text("a"), new Filter.Text("b"))),
                new Filter.Metadata("n", Filter.MetadataOp.GTE, List.of(new Filter.Number(BigDecimal.TEN))),
                new Filter.Document(Filter.DocumentOp.REGEX, "^x"));
        Sql alone = new Sql();
        String rendered = FilterSql.render(filter, alone);

        Sql query = CollectionRepository.querySql(C, new float[] {1, 0, 0}, filter, 10, Include.QUERY_DEFAULT, false);

        // vector + k, then the filter's own values once (not once per part)
        assertThat(query.values()).hasSize(2 + alone.values().size());
        // the same rendered text, markers shifted by the two bound before it, appears in both parts
        String shifted = rendered.replaceAll("\\$(\\d+)", "\\$X$1");
        for (int i = alone.values().size(); i >= 1; i--) {
            shifted = shifted.replace("$X" + i, "$" + (i + 2));
        }
        assertThat(query.text().split(java.util.regex.Pattern.quote(shifted), -1)).hasSize(3);
    }

    @Test
    void withoutAFilterOnlyTheVectorAndKAreBound() {
        Sql query = CollectionRepository.querySql(C, new float[] {1, 0, 0}, null, 5, Include.QUERY_DEFAULT, true);
        assertThat(query.values()).hasSize(2);
        assertThat(query.text()).contains("+ 0").doesNotContain(" AND (");
    }
}
