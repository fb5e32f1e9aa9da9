package io.relance.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The dashboard's login form and its "not allowed" page (a Camunda user outside marketing and camunda-admin). */
@Controller
class LoginPages {

    static final String DENIED = "/insight/denied";

    @GetMapping(SecurityConfig.LOGIN)
    String login() {
        return "insight/login";
    }

    /**
     * Reached by a forward from the access-denied handling (any method), with status 403: a user outside the groups,
     * or a form sent without its CSRF token (or with an outdated one).
     */
    @RequestMapping(DENIED)
    String denied(Authentication user, Model model, HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("user", user == null ? null : user.getName());
        model.addAttribute("csrf", request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException);
        return "insight/denied";
    }
}
