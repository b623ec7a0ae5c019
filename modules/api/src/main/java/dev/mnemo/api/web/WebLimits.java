package dev.mnemo.api.web;

import dev.mnemo.settings.MnemoSettings;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Request bodies decoded whole (JSON batches) may be up to {@code mnemo.limits.max-body-bytes}; beyond, the client
 * gets a 413. Streamed NDJSON is decoded line by line and has no total limit.
 */
@Configuration(proxyBeanMethods = false)
public class WebLimits implements WebFluxConfigurer {

    private final MnemoSettings settings;

    public WebLimits(MnemoSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(settings.limits().maxBodyBytes());
    }
}
