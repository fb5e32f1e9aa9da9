package io.relance.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP Basic against Camunda's identity service: the users and groups managed in Camunda Admin are the accounts of
 * the domain API and of {@code /engine-rest}. Group memberships become {@code GROUP_<id>} authorities.
 * <p>
 * A successful check is remembered for {@code relance.security.credentials-cache-ttl} under a digest of the
 * credentials (never the password itself). Failed checks are never remembered, so Camunda's lock-out after failed
 * logins keeps applying.
 */
@Component
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

    static final int MAX_CACHED = 10_000;

    private final IdentityService identityService;
    /** Authorities per credentials digest, for the TTL after a successful check; null when the TTL is zero. */
    private final Cache<String, List<GrantedAuthority>> remembered;

    CamundaIdentityAuthenticationProvider(IdentityService identityService, SecurityProperties properties,
                                          Clock clock) {
        this.identityService = identityService;
        Duration ttl = properties.credentialsCacheTtl() == null ? Duration.ZERO : properties.credentialsCacheTtl();
        this.remembered = ttl.isZero() || ttl.isNegative() ? null : Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(ttl)
                .maximumSize(MAX_CACHED)
                .build();
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (user == null || user.isBlank() || credentials == null) {
            throw new BadCredentialsException("Bad credentials");
        }
        String password = credentials.toString();
        String key = remembered == null ? null : digest(user, password);
        if (key != null) {
            List<GrantedAuthority> hit = remembered.getIfPresent(key);
            if (hit != null) {
                return UsernamePasswordAuthenticationToken.authenticated(user, null, hit);
            }
        }
        if (!identityService.checkPassword(user, password)) {
            throw new BadCredentialsException("Bad credentials");
        }
        List<GrantedAuthority> authorities = identityService.createGroupQuery().groupMember(user).list().stream()
                .map(Group::getId)
                .map(Groups::authority)
                .<GrantedAuthority>map(SimpleGrantedAuthority::new)
                .toList();
        if (key != null) {
            remembered.put(key, authorities);
        }
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
