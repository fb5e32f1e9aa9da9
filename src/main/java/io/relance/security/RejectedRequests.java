package io.relance.security;

import io.relance.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * What Spring Security's firewall refuses before any rule is checked (a path with {@code ;}, {@code //}, an encoded
 * {@code /} or {@code .}, a non-printable character, an unusual method): a 400 problem document instead of an
 * exception that would end as an HTML page. The refused path is not echoed back.
 */
@Component
class RejectedRequests implements RequestRejectedHandler {

    private final ProblemWriter problems;

    RejectedRequests(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        problems.write(response, HttpStatus.BAD_REQUEST, "Request rejected",
                "The request's path or method is not accepted (e.g. ';', '//', an encoded '/' or '.', a control "
                        + "character).", null);
    }
}
