package io.relance.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser of the dashboard ({@code /insight}) over real HTTP: cookies kept (the session), redirects not followed,
 * the forms' CSRF token read from a page.
 */
public final class DashboardBrowser {

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    public DashboardBrowser(int port) {
        this.port = port;
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    public HttpResponse<String> xhr(String path) {
        return exchange(request(path).header("X-Requested-With", "XMLHttpRequest").GET());
    }

    public HttpResponse<String> logIn(String user, String password) {
        String token = csrf("/insight/login");
        return form("/insight/login", "username=" + encode(user) + "&password=" + encode(password) + "&_csrf="
                + encode(token));
    }

    /** The CSRF token of a page's forms (the login form, the logout form, ...). */
    public String csrf(String page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get(page).body());
        assertThat(token.find()).as("a CSRF token on " + page).isTrue();
        return token.group(1);
    }

    /** A form sent as the browser sends it ({@code application/x-www-form-urlencoded}; encode the values). */
    public HttpResponse<String> form(String path, String body) {
        return exchange(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder builder = request(path);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return exchange(builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> exchange(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
