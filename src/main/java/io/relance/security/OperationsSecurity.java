package io.relance.security;

import io.relance.web.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The operator's endpoints, stateless HTTP Basic on Camunda's users: {@code /actuator/prometheus} and
 * {@code /actuator/info} (the build: version, time, commit) for groups {@code monitoring} and
 * {@code camunda-admin}; the OpenAPI document ({@code /v3/api-docs}) and Swagger UI for
 * {@code camunda-admin}. The health probes stay public ({@link SecurityConfig}); other actuator endpoints are closed.
 */
@Configuration(proxyBeanMethods = false)
class OperationsSecurity {

    static final String PROMETHEUS = "/actuator/prometheus";
    static final String INFO = "/actuator/info";

    @Bean
    @Order(0)
    SecurityFilterChain operationsChain(HttpSecurity http, CamundaIdentityAuthenticationProvider provider,
                                        ProblemWriter problems) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Relance\", charset=\"UTF-8\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "Authenticate with HTTP Basic (a Camunda user of group monitoring or camunda-admin).",
                    request.getRequestURI());
        };
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        String admin = Groups.authority(Groups.ADMIN);
        http.securityMatcher(new OrRequestMatcher(path.matcher(PROMETHEUS), path.matcher(INFO),
                        path.matcher("/v3/api-docs"),
                        path.matcher("/v3/api-docs/**"), path.matcher("/swagger-ui.html"),
                        path.matcher("/swagger-ui/**")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(path.matcher(PROMETHEUS), path.matcher(INFO))
                        .hasAnyAuthority(admin, Groups.authority(Groups.MONITORING))
                        .anyRequest().hasAuthority(admin))
                .authenticationManager(new ProviderManager(provider))
                .httpBasic(basic -> basic.realmName("Relance").authenticationEntryPoint(unauthorized)
                        .securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(
                        (request, response, e) -> problems.write(response, HttpStatus.FORBIDDEN, "Forbidden",
                                "Your account's groups do not allow this call.", request.getRequestURI())))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }
}
