package dev.mnemo.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Per-key rate limits: a token bucket per API key, refilled greedily at {@code requests-per-second} up to
 * {@code burst}. Callers without a key (loopback in auto mode, or open mode) are not limited: they are the machine's
 * own clients, as MnemoLite's were. A request beyond it answers 429 with {@code Retry-After} (the
 * seconds until a token is back) and reaches no service. Buckets live in this process (a replica limits its own
 * share) and are forgotten after ten idle minutes.
 */
final class RateLimits implements WebFilter {

    /** {@code mnemo.rate-limit.*}; {@code requests-per-second} 0 turns limiting off. */
    @Validated
    @ConfigurationProperties("mnemo.rate-limit")
    record Settings(@Min(0) @DefaultValue("100") int requestsPerSecond, @Min(1) @DefaultValue("200") int burst) {
    }

    private final Settings settings;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

    RateLimits(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (settings.requestsPerSecond() == 0) {
            return chain.filter(exchange);
        }
        // Decide first, then run the chain once: chain.filter completes empty, so it must not sit before a
        // switchIfEmpty (the chain would run twice).
        return KeyAuthentication.current()
                .filter(caller -> caller.keyId() != null)
                .map(caller -> buckets.get(caller.keyId(), k -> newBucket()).tryConsumeAndReturnRemaining(1))
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(probe -> probe.isEmpty() || probe.get().isConsumed() ? chain.filter(exchange)
                        : tooMany(exchange, probe.get()));
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(settings.burst())
                        .refillGreedy(settings.requestsPerSecond(), Duration.ofSeconds(1)))
                .build();
    }

    private static Mono<Void> tooMany(ServerWebExchange exchange, ConsumptionProbe probe) {
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(seconds));
        return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS,
                "This API key sent more requests than its rate limit allows; retry in " + seconds + " s");
    }
}
