package io.relance.security;

import io.relance.web.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * {@code /api/**} and {@code /engine-rest/**}: stateless HTTP Basic against Camunda's users, never anonymous.
 * Accounts of group {@code integration} may push contacts and events (and correlate messages) but not administer
 * the engine. The Camunda webapps keep their own login; the health probe is public.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final String REALM = "Relance";

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, CamundaIdentityAuthenticationProvider provider,
                                    ProblemWriter problems) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "Authenticate with HTTP Basic (a Camunda user of group integration or camunda-admin).",
                    request.getRequestURI());
        };
        AccessDeniedHandler forbidden = (request, response, e) -> problems.write(response, HttpStatus.FORBIDDEN,
                "Forbidden", "Your account's groups do not allow this call.", request.getRequestURI());
        AuthenticationManager manager = new ProviderManager(provider);
        String admin = Groups.authority(Groups.ADMIN);
        String integration = Groups.authority(Groups.INTEGRATION);
        // Path matchers on the whole path: /engine-rest is served by Jersey, not by Spring MVC's dispatcher.
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(path.matcher("/api/**"), path.matcher("/engine-rest/**"),
                        path.matcher("/outbox"), path.matcher("/outbox/**")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(path.matcher(HttpMethod.POST, "/engine-rest/message"))
                        .hasAnyAuthority(admin, integration)
                        .requestMatchers(path.matcher("/engine-rest/**")).hasAuthority(admin)
                        .requestMatchers(path.matcher("/outbox"), path.matcher("/outbox/**")).hasAuthority(admin)
                        .requestMatchers(path.matcher("/api/**")).hasAnyAuthority(admin, integration)
                        .anyRequest().denyAll())
                .authenticationManager(manager)
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthorized))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    /** Everything else: the Camunda webapps (own login and CSRF protection), static pages, the health probe. */
    @Bean
    @Order(2)
    SecurityFilterChain webSecurity(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(path.matcher("/actuator/health/**"), path.matcher("/actuator/info"))
                        .permitAll()
                        .requestMatchers(path.matcher("/actuator/**")).denyAll()
                        .anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable());
        return http.build();
    }
}
