package io.relance.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.GroupQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Narrow unit test of the credentials cache; the identity service is mocked to count its calls. */
class CamundaIdentityAuthenticationProviderTest {

    private final IdentityService identity = mock(IdentityService.class);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private CamundaIdentityAuthenticationProvider provider;

    @BeforeEach
    void setUp() {
        GroupQuery query = mock(GroupQuery.class, RETURNS_SELF);
        Group group = mock(Group.class);
        when(group.getId()).thenReturn(Groups.INTEGRATION);
        when(query.list()).thenReturn(List.of(group));
        when(identity.createGroupQuery()).thenReturn(query);
        when(identity.checkPassword("shop", "secret")).thenReturn(true);
        when(identity.checkPassword("shop", "wrong")).thenReturn(false);
        provider = new CamundaIdentityAuthenticationProvider(identity,
                new SecurityProperties("admin", null, "integration", null, Duration.ofSeconds(30),
                        "prometheus", null), clock);
    }

    private Authentication login(String user, String password) {
        return provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user, password));
    }

    @Test
    void successfulCheckIsRememberedForTheTtlOnly() {
        Authentication first = login("shop", "secret");
        assertThat(first.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("GROUP_integration");
        login("shop", "secret");
        verify(identity, times(1)).checkPassword("shop", "secret");

        clock.advance(Duration.ofSeconds(31));
        login("shop", "secret");
        verify(identity, times(2)).checkPassword("shop", "secret");
    }

    @Test
    void failedChecksAreNeverRememberedAndAnotherPasswordIsNotAccepted() {
        login("shop", "secret");
        assertThatThrownBy(() -> login("shop", "wrong")).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> login("shop", "wrong")).isInstanceOf(BadCredentialsException.class);
        verify(identity, times(2)).checkPassword("shop", "wrong");
    }

    @Test
    void zeroTtlChecksEveryTime() {
        provider = new CamundaIdentityAuthenticationProvider(identity,
                new SecurityProperties("admin", null, "integration", null, Duration.ZERO, "prometheus",
                        null), clock);
        login("shop", "secret");
        login("shop", "secret");
        verify(identity, times(2)).checkPassword(anyString(), anyString());
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
