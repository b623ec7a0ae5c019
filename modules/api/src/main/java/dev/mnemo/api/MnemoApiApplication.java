package dev.mnemo.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The HTTP face of Mnemo: MnemoLite's v1 routes plus Mnemo's additions, on port 8001 by default. */
@SpringBootApplication(scanBasePackages = "dev.mnemo")
public class MnemoApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(MnemoApiApplication.class, args);
    }
}
