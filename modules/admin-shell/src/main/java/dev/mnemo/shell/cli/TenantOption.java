package dev.mnemo.shell.cli;

import dev.mnemo.model.tenant.Tenant;

/** The {@code --tenant} option of data and keys commands: a valid tenant id or a usage error (exit 2). */
public final class TenantOption {

    private TenantOption() {
    }

    public static Tenant parse(String id) {
        if (!Tenant.valid(id)) {
            throw new ShellException("--tenant: a tenant id has 1 to 63 characters among a-z, 0-9, '-' and '_'",
                    ExitCodes.USAGE);
        }
        return new Tenant(id);
    }
}
