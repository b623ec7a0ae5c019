package dev.mnemo.api;

import dev.mnemo.core.CoreConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The HTTP face of Mnemo: MnemoLite's v1 routes plus Mnemo's additions, on port 8001 by default. Scans only
 * dev.mnemo.api; the services come from {@link CoreConfiguration}.
 */
@SpringBootApplication
@Import(CoreConfiguration.class)
public class MnemoApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(MnemoApiApplication.class, args);
    }
}
