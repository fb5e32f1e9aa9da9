package io.relance.security;

import io.relance.web.ProblemWriter;
import org.camunda.bpm.engine.IdentityService;
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
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.List;

/**
 * Who may call what, on Camunda's users and groups:
 * <ul>
 * <li>{@code /api/**} and {@code /engine-rest/**}: stateless HTTP Basic, never anonymous. Accounts of group
 * {@code integration} may push contacts and events (and correlate messages) but not administer the engine; group
 * {@code sales} may work its tasks ({@link #ENGINE_REST_TASKS}); the rest of {@code /engine-rest} is for
 * {@code camunda-admin}. Allowed {@code /engine-rest} calls run as their user inside the engine, so that Camunda's
 * authorizations ({@link IdentityBootstrap}) decide what they see and do, and the operation log names them. Group
 * {@code marketing} may only read figures, experiments, contacts and the event catalogue ({@link #MARKETING_READS});
 * those reads also accept the session of a dashboard login ({@link SessionReads}: GET only, never written).</li>
 * <li>{@code /insight/**}: the marketer's dashboard, for groups {@code marketing} and {@code camunda-admin}, with a
 * login form and a session (CSRF-protected form posts, a strict Content-Security-Policy: nothing from another
 * site).</li>
 * <li>Everything else: the Camunda webapps keep their own login; the health probe is public.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final String REALM = "Relance";
    /**
     * What group marketing may read on /api (GET): figures, experiments, a contact, its timeline, a lookup, the event
     * catalogue (what triggers the scenarios), the message texts.
     */
    static final String[] MARKETING_READS = {"/api/scenarios", "/api/scenarios/**", "/api/experiments",
            "/api/experiments/**", "/api/contacts", "/api/contacts/*", "/api/contacts/*/timeline",
            "/api/event-types", "/api/event-types/*", "/api/templates", "/api/templates/*/*"};
    /** Previews and test sends of the message texts: administrators and marketers. */
    static final String[] TEMPLATE_TRIALS = {"/api/templates/*/*/preview", "/api/templates/*/*/test-send"};
    static final String LOGIN = "/insight/login";
    /**
     * What a Tasklist-style client of group {@code sales} may call on {@code /engine-rest}: tasks (list, count, claim,
     * form, variables, complete) and task filters. Which tasks it sees and may work on is then the engine's
     * authorizations: those of its candidate group only.
     */
    static final List<String> ENGINE_REST_TASKS = List.of("/engine-rest/task", "/engine-rest/task/**",
            "/engine-rest/filter", "/engine-rest/filter/**");
    /** The dashboard's pages take scripts, styles, images and data from Relance only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, CamundaIdentityAuthenticationProvider provider,
                                    ProblemWriter problems, IdentityService identityService) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            // The dashboard's scripts say so (X-Requested-With): no browser Basic prompt when their session ended.
            if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            }
            problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "Authenticate with HTTP Basic (a Camunda user of group integration or camunda-admin).",
                    request.getRequestURI());
        };
        AccessDeniedHandler forbidden = (request, response, e) -> problems.write(response, HttpStatus.FORBIDDEN,
                "Forbidden", "Your account's groups do not allow this call.", request.getRequestURI());
        AuthenticationManager manager = new ProviderManager(provider);
        String admin = Groups.authority(Groups.ADMIN);
        String integration = Groups.authority(Groups.INTEGRATION);
        String marketing = Groups.authority(Groups.MARKETING);
        String sales = Groups.authority(Groups.SALES);
        // Path matchers on the whole path: /engine-rest is served by Jersey, not by Spring MVC's dispatcher.
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        RequestMatcher[] marketingReads = java.util.Arrays.stream(MARKETING_READS)
                .map(pattern -> path.matcher(HttpMethod.GET, pattern)).toArray(RequestMatcher[]::new);
        http.securityMatcher(new OrRequestMatcher(path.matcher("/api/**"), path.matcher("/engine-rest/**"),
                        path.matcher("/outbox"), path.matcher("/outbox/**")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(path.matcher(HttpMethod.POST, "/engine-rest/message"))
                        .hasAnyAuthority(admin, integration)
                        .requestMatchers(ENGINE_REST_TASKS.stream().map(path::matcher).toArray(RequestMatcher[]::new))
                        .hasAnyAuthority(admin, sales)
                        .requestMatchers(path.matcher("/engine-rest/**")).hasAuthority(admin)
                        .requestMatchers(path.matcher("/outbox"), path.matcher("/outbox/**")).hasAuthority(admin)
                        .requestMatchers(marketingReads).hasAnyAuthority(admin, integration, marketing)
                        .requestMatchers(path.matcher("/api/communications/**")).hasAuthority(admin)
                        .requestMatchers(java.util.Arrays.stream(TEMPLATE_TRIALS)
                                .map(pattern -> path.matcher(HttpMethod.POST, pattern)).toArray(RequestMatcher[]::new))
                        .hasAnyAuthority(admin, marketing)
                        .requestMatchers(path.matcher("/api/**")).hasAnyAuthority(admin, integration)
                        .anyRequest().denyAll())
                .authenticationManager(manager)
                // Basic checks are never remembered in a session; a dashboard session is read for GETs only.
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthorized)
                        .securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .securityContext(context -> context.securityContextRepository(new DelegatingSecurityContextRepository(
                        new RequestAttributeSecurityContextRepository(), new SessionReads())))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                // Allowed /engine-rest calls run as their user inside the engine (Camunda's authorizations apply).
                .addFilterAfter(new EngineAuthenticationFilter(identityService), AuthorizationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    /**
     * The marketer's dashboard: a login form on Camunda's users (anonymous browsers are sent to it), a session, CSRF
     * tokens on the forms (login, logout), a 403 page for users outside {@code marketing} and
     * {@code camunda-admin}.
     */
    @Bean
    @Order(2)
    SecurityFilterChain insightSecurity(HttpSecurity http, CamundaIdentityAuthenticationProvider provider)
            throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(path.matcher("/insight"), path.matcher("/insight/**")))
                .authorizeHttpRequests(auth -> auth
                        // The 403 page is reached by a forward, filtered again: it must not be refused itself.
                        .requestMatchers(path.matcher(LOGIN), path.matcher(LoginPages.DENIED),
                                path.matcher("/insight/assets/insight.css"))
                        .permitAll()
                        .anyRequest().hasAnyAuthority(Groups.authority(Groups.ADMIN),
                                Groups.authority(Groups.MARKETING)))
                .authenticationManager(new ProviderManager(provider))
                .formLogin(form -> form.loginPage(LOGIN).defaultSuccessUrl("/insight", false)
                        .failureUrl(LOGIN + "?error"))
                .logout(logout -> logout.logoutRequestMatcher(path.matcher(HttpMethod.POST, "/insight/logout"))
                        .logoutSuccessUrl(LOGIN + "?logout"))
                .exceptionHandling(ex -> ex.accessDeniedPage(LoginPages.DENIED))
                .httpBasic(basic -> basic.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    /** Everything else: the Camunda webapps (own login and CSRF protection), static pages, the health probe. */
    @Bean
    @Order(3)
    SecurityFilterChain webSecurity(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(path.matcher("/actuator/health/**")).permitAll()
                        .requestMatchers(path.matcher("/actuator/**")).denyAll()
                        .anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable());
        return http.build();
    }
}
