package io.relance.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Lets {@code /api/**} read the login of a dashboard session (form login on {@code /insight}) for reads only:
 * {@code GET} and {@code HEAD} requests carrying the session cookie are authenticated as the session's user; any
 * other method ignores the session (it must authenticate with HTTP Basic), so a page of another site cannot make a
 * logged-in browser write anything (no CSRF on the API). Never creates nor saves a session: machines stay stateless.
 */
final class SessionReads implements SecurityContextRepository {

    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SessionReads() {
        sessions.setAllowSessionCreation(false);
    }

    static boolean isRead(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        if (isRead(request)) {
            return sessions.loadDeferredContext(request);
        }
        return new DeferredSecurityContext() {
            @Override
            public SecurityContext get() {
                return SecurityContextHolder.createEmptyContext();
            }

            @Override
            public boolean isGenerated() {
                return true;
            }
        };
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return loadDeferredContext(holder.getRequest()).get();
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        // Stateless: nothing is ever written to a session by the API.
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return isRead(request) && sessions.containsContext(request);
    }
}
