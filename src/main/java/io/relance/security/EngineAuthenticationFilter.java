package io.relance.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * Runs each {@code /engine-rest} call as the user Spring Security authenticated, inside the engine: Camunda's
 * authorizations apply to that user and its groups, and the user operation log names the user. The engine
 * authentication is a thread-local of the {@link IdentityService}: set for the call, always cleared afterwards, so
 * that the next request served by the thread (or application code) never inherits it.
 * <p>
 * Placed in the API security chain after the authorization filter: only authenticated, allowed calls get here.
 */
final class EngineAuthenticationFilter extends OncePerRequestFilter {

    static final String ENGINE_REST = "/engine-rest";

    private final IdentityService identityService;

    EngineAuthenticationFilter(IdentityService identityService) {
        this.identityService = identityService;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals(ENGINE_REST) || path.startsWith(ENGINE_REST + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user == null || !user.isAuthenticated() || user.getName() == null) {
            // Not reachable behind the chain's rules (never anonymous); never run an engine call as nobody.
            chain.doFilter(request, response);
            return;
        }
        EngineCaller.enter(identityService, user.getName(), groups(user));
        try {
            chain.doFilter(request, response);
        } finally {
            EngineCaller.leave(identityService);
        }
    }

    /** The Camunda groups behind the {@code GROUP_<id>} authorities. */
    static List<String> groups(Authentication user) {
        return user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority != null && authority.startsWith(Groups.AUTHORITY_PREFIX))
                .map(authority -> authority.substring(Groups.AUTHORITY_PREFIX.length()))
                .toList();
    }
}
