package dev.mnemo.api.security;

import dev.mnemo.core.audit.Audit;
import dev.mnemo.core.security.ApiKeys;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.model.tenant.Scope;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;

/**
 * Who may call what (docs/security.md): Spring Security's reactive filter chain, an {@link AuthenticationWebFilter}
 * fed by {@link KeyAuthentication} (X-API-Key or Authorization: Bearer), and one rule per route family:
 * <ul>
 * <li>health and readiness: anyone;</li>
 * <li>metrics, /v1/monitoring, the OpenAPI document, Swagger UI and /v1/admin: the admin scope;</li>
 * <li>reads (GET, and the POST routes that only search: /v1/search, /v1/events/filter|search, a collection's
 * get and query, /v1/embeddings): read; every other /v1 route: write.</li>
 * </ul>
 * Stateless: no session, no cookie, no CSRF token (no browser form posts to this API); every request proves itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(RateLimits.Settings.class)
public class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ApiKeys keys, MnemoSettings settings,
                                                  RateLimits.Settings rates, Audit audit) {
        KeyAuthentication authentication = new KeyAuthentication(keys, settings.security().mode());
        AuthenticationWebFilter filter = new AuthenticationWebFilter(authentication);
        filter.setServerAuthenticationConverter(authentication);
        filter.setAuthenticationFailureHandler(Problems.failure());
        filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(filter, SecurityWebFiltersOrder.AUTHENTICATION)
                // After the scope check: a request refused with 401/403 spends no token.
                .addFilterAfter(new RateLimits(rates), SecurityWebFiltersOrder.AUTHORIZATION)
                .addFilterAfter(new AuditTrail(audit), SecurityWebFiltersOrder.AUTHORIZATION)
                .exceptionHandling(e -> e.authenticationEntryPoint(Problems.unauthenticated())
                        .accessDeniedHandler(Problems.denied()))
                .authorizeExchange(routes -> routes
                        .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        // Monitoring counts the shared embedding cache's hits: across tenants, that would tell one
                        // tenant whether a text was embedded by another.
                        .pathMatchers("/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**", "/webjars/**", "/v1/admin/**", "/v1/monitoring/**")
                        .hasAuthority(authority(Scope.ADMIN))
                        // Indexing reads a folder of the server: an operator's act, not a tenant writer's.
                        .pathMatchers(HttpMethod.POST, "/v1/code/repositories").hasAuthority(authority(Scope.ADMIN))
                        .pathMatchers(HttpMethod.GET, "/**").hasAuthority(authority(Scope.READ))
                        .pathMatchers(HttpMethod.HEAD, "/**").hasAuthority(authority(Scope.READ))
                        .pathMatchers(HttpMethod.POST, "/v1/search", "/v1/search/", "/v1/search/content",
                                "/v1/search/similarity", "/v1/events/filter/metadata", "/v1/events/search/embedding",
                                "/v1/collections/*/get", "/v1/collections/*/query", "/v1/embeddings", "/v1/code/search")
                        .hasAuthority(authority(Scope.READ))
                        .anyExchange().hasAuthority(authority(Scope.WRITE)))
                .build();
    }

    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler() {
        return Problems.rejected();
    }

    static String authority(Scope scope) {
        return "SCOPE_" + scope.wire();
    }
}
