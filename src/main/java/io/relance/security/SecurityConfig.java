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
        http.securityMatcher("/api/**", "/engine-rest/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/engine-rest/message").hasAnyAuthority(admin, integration)
                        .requestMatchers("/engine-rest/**").hasAuthority(admin)
                        .requestMatchers("/api/**").hasAnyAuthority(admin, integration)
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
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").denyAll()
                        .anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable());
        return http.build();
    }
}
