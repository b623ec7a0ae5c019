package dev.mnemo.api.security;

import dev.mnemo.core.security.ApiKeys;
import dev.mnemo.core.settings.MnemoSettings.SecurityMode;
import dev.mnemo.core.settings.MnemoSettings;
import java.net.InetAddress;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.stereotype.Component;

/**
 * Start-up refuses to serve the default tenant to the network: in {@code auto} mode with no active key, the
 * service must listen on a loopback address ({@code server.address}, MNEMO_ADDRESS; 127.0.0.1 by default). Create
 * a key (admin shell: {@code keys create}), or say {@code mnemo.security.mode=open} to mean it.
 */
@Component
public class LoopbackGuard implements InitializingBean {

    private final MnemoSettings settings;
    private final ApiKeys keys;
    private final ServerProperties server;

    public LoopbackGuard(MnemoSettings settings, ApiKeys keys, ServerProperties server) {
        this.settings = settings;
        this.keys = keys;
        this.server = server;
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.security().mode() != SecurityMode.AUTO || loopback(server.getAddress())) {
            return;
        }
        Boolean any = keys.anyActive().onErrorReturn(true).block();
        if (!Boolean.TRUE.equals(any)) {
            throw new IllegalStateException("Mnemo would serve every caller as the default tenant on "
                    + (server.getAddress() == null ? "all addresses" : server.getAddress().getHostAddress())
                    + " (no API key exists). Create a key (mnemo-admin keys create --tenant default --scopes"
                    + " read,write,admin), listen on 127.0.0.1 (MNEMO_ADDRESS), or set mnemo.security.mode=open.");
        }
    }

    static boolean loopback(InetAddress address) {
        return address != null && address.isLoopbackAddress();
    }
}
