package dev.mnemo.shell;

import dev.mnemo.memory.MemoryConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The admin face of Mnemo: migrations, models and data operations in a Spring Shell console. */
@SpringBootApplication
@Import(MemoryConfiguration.class)
public class MnemoShellApplication {

    public static void main(String[] args) {
        if (args.length > 0) {
            System.setProperty("spring.shell.interactive.enabled", "false");
        }
        SpringApplication.run(MnemoShellApplication.class, args);
    }
}
