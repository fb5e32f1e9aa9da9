package io.relance.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own error report, for what Tomcat refuses before any servlet sees it (an invalid percent-encoding or an
 * encoded NUL in the path, a request line it cannot parse, a header too large) and for errors no error page handled:
 * an RFC 9457 problem document instead of Tomcat's HTML page, with no server name nor stack trace. Set on the host by
 * {@link TomcatProblems}; instantiated by Tomcat (public, no-argument constructor).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get() || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String title = status != null ? status.getReasonPhrase() : "Error " + code;
        String detail = status != null ? ProblemErrorController.detail(status) : title + ".";
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(json(code, title, detail));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot take a body any more: nothing else to say.
        }
    }

    /** Written by hand: the valve runs outside Spring (no ObjectMapper); the values are plain texts. */
    static String json(int status, String title, String detail) {
        return "{\"type\":\"https://relance.io/problems/" + escape(title.toLowerCase().replace(' ', '-'))
                + "\",\"title\":\"" + escape(title) + "\",\"status\":" + status + ",\"detail\":\"" + escape(detail)
                + "\"}";
    }

    private static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
