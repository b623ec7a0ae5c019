package dev.mnemo.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mnemo.api.input.Inputs;
import dev.mnemo.core.audit.Audit;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.quota.Quotas;
import dev.mnemo.core.security.ApiKeys;
import dev.mnemo.core.security.Caller;
import dev.mnemo.model.tenant.ApiKeyInfo;
import dev.mnemo.model.tenant.AuditEntry;
import dev.mnemo.model.tenant.Scope;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Administration of one's own tenant (admin scope, docs/security.md): its API keys, its audit log and its quota. Keys of
 * other tenants are managed in the admin shell.
 */
@RestController
@RequestMapping("/v1/admin")
public class AdminController {

    /** A key as listed: never its token. */
    public record KeyView(String id, String name, List<String> scopes, @JsonProperty("created_at") OffsetDateTime createdAt,
                          @JsonProperty("expires_at") OffsetDateTime expiresAt,
                          @JsonProperty("revoked_at") OffsetDateTime revokedAt) {
        static KeyView of(ApiKeyInfo k) {
            return new KeyView(k.id(), k.name(), k.scopes().stream().sorted().map(Scope::wire).toList(), k.createdAt(),
                    k.expiresAt(), k.revokedAt());
        }
    }

    /** The answer to a create: the token, shown this once. */
    public record CreatedKey(String token, KeyView key) {
    }

    public record CreateKey(String name, List<String> scopes, @JsonProperty("expires_at") String expiresAt) {
    }

    /** A tenant's limits (null: none) and what it holds; set by operators in the admin shell (tenants quota). */
    public record QuotaView(Limits limits, Held usage) {
        public record Limits(Long rows, Long collections, @JsonProperty("storage_bytes") Long storageBytes) {
        }

        public record Held(long rows, long collections, @JsonProperty("storage_bytes") long storageBytes) {
        }

        static QuotaView of(Quotas.Report r) {
            return new QuotaView(new Limits(r.limits().rows(), r.limits().collections(), r.limits().storageBytes()),
                    new Held(r.usage().rows(), r.usage().collections(), r.usage().storageBytes()));
        }
    }

    private final ApiKeys keys;
    private final Audit audit;
    private final Quotas quotas;

    public AdminController(ApiKeys keys, Audit audit, Quotas quotas) {
        this.keys = keys;
        this.audit = audit;
        this.quotas = quotas;
    }

    /** The caller's tenant: its quota and a fresh count of what it holds. */
    @GetMapping("/quota")
    public Mono<QuotaView> quota(@AuthenticationPrincipal Caller caller) {
        return quotas.report(caller.tenant()).map(QuotaView::of);
    }

    @GetMapping("/keys")
    public Mono<List<KeyView>> keys(@AuthenticationPrincipal Caller caller) {
        return keys.list(caller.tenant()).map(KeyView::of).collectList();
    }

    @PostMapping("/keys")
    public Mono<ResponseEntity<CreatedKey>> create(@AuthenticationPrincipal Caller caller, @RequestBody CreateKey body) {
        return Mono.defer(() -> keys.create(actor(caller), caller.tenant(), body.name(), scopes(body.scopes()),
                        body.expiresAt() == null ? null : Inputs.timestamp("expires_at", body.expiresAt())))
                .map(k -> ResponseEntity.status(HttpStatus.CREATED).body(new CreatedKey(k.token(), KeyView.of(k.key()))));
    }

    @DeleteMapping("/keys/{id}")
    public Mono<ResponseEntity<Void>> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return keys.revoke(actor(caller), caller.tenant(), id).thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/audit")
    public Mono<List<AuditEntry>> audit(@AuthenticationPrincipal Caller caller,
                                        @RequestParam(defaultValue = "100") int limit) {
        return audit.recent(caller.tenant(), limit).collectList();
    }

    static String actor(Caller caller) {
        return caller.keyId() == null ? "local" : caller.keyId();
    }

    private static Set<Scope> scopes(List<String> values) {
        if (values == null || values.isEmpty()) {
            throw ServiceException.invalid("scopes", "min 1", "A key has at least one scope: read, write, admin");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (int i = 0; i < values.size(); i++) {
            try {
                scopes.add(Scope.parse(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid("scopes[" + i + "]", "enum", e.getMessage());
            }
        }
        return scopes;
    }
}
