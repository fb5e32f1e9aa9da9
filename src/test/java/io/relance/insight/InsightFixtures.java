package io.relance.insight;

import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stand-ins for the figures and experiment APIs (built on other branches), answering exactly their contract with the
 * numbers of {@link InsightDashboardBrowserTest.Expected}: {@code @Import(InsightFixtures.class)} in a test only. No
 * stereotype on purpose: never picked up by component scanning (benchmarks scan the test classpath), and a
 * functional route, not a controller, so that it would not clash with the real controllers' mappings unnoticed.
 * Delete it once the real APIs are merged (see the browser test).
 */
public class InsightFixtures {

    static final String SCENARIO = "abandoned-cart";
    static final String EXPERIMENT = "cart-first-reminder";

    @Bean
    RouterFunction<ServerResponse> insightFixtureApi() {
        InsightDashboardBrowserTest.Expected x = InsightDashboardBrowserTest.EXPECTED;
        String revenue = "[{\"currency\":\"EUR\",\"amount\":%s}]".formatted(x.revenue());
        String daily = """
                [{"day":"2026-11-23","entered":0,"sent":0,"opened":0,"clicked":0,"conversions":0,"revenue":0},
                 {"day":"2026-11-24","entered":%d,"sent":%d,"opened":20,"clicked":8,"conversions":%d,"revenue":%s}]"""
                .formatted(x.entered(), x.firstReminderSent(), x.conversions(), x.revenue());
        String list = """
                [{"processKey":"%s","name":"Abandoned cart","entered":%d,"active":%d,"conversions":%d,
                  "conversionRate":%s,"revenue":%s,"daily":%s}]"""
                .formatted(SCENARIO, x.entered(), x.active(), x.conversions(), rate(x), revenue, daily);
        String performance = """
                {"processKey":"%s","from":"2026-11-01","to":"2026-11-30","entered":%d,"active":%d,
                 "exits":{"converted":%d},"conversions":%d,"conversionRate":%s,"revenue":%s,
                 "goal":"OrderPlaced","attributionDays":5,
                 "attribution":"Une commande dans les 5 jours après un message du scénario (dernier clic, sinon ouverture, sinon réception).",
                 "messages":[{"messageType":"cart-reminder-1","channel":"email","sent":%d,"suppressed":0,
                   "suppressedBy":{},"failed":0,"delivered":0,"opened":20,"clicked":8,"unsubscribed":1,
                   "openRate":%s,"clickRate":%s,"unsubscribeRate":%s}],
                 "elements":{"Task_SendReminder1":{"passed":%d,"waiting":0},
                   "Timer_SecondReminderDelay":{"passed":%d,"waiting":%d}},
                 "daily":%s}"""
                .formatted(SCENARIO, x.entered(), x.active(), x.conversions(), x.conversions(), rate(x), revenue,
                        x.firstReminderSent(), 20.0 / x.firstReminderSent(), 8.0 / x.firstReminderSent(),
                        1.0 / x.firstReminderSent(), x.firstReminderSent(), x.active(), x.active(), daily);
        int half = x.entered() / 2;
        String arms = """
                [{"arm":"fast","weight":50,"contacts":%d,"sent":%d,"opened":12,"clicked":4,"conversions":6,
                  "revenue":[{"currency":"EUR","amount":600}],"conversionRate":0.2,"conversionRateInterval":[0.09,0.38],
                  "lift":null,"liftInterval":null,"pValue":null,"verdict":null},
                 {"arm":"slow","weight":50,"contacts":%d,"sent":%d,"opened":8,"clicked":4,"conversions":6,
                  "revenue":[{"currency":"EUR","amount":600}],"conversionRate":0.2,"conversionRateInterval":[0.09,0.38],
                  "lift":0.0,"liftInterval":[-0.2,0.2],"pValue":1.0,"verdict":"pas de différence mesurable"}]"""
                .formatted(half, half, x.entered() - half, x.entered() - half);
        String experiment = """
                {"id":"%s","scenario":"%s","active":true,"referenceArm":"fast","arms":%s,
                 "verdict":"Pas encore de gagnant : continuer."}""".formatted(EXPERIMENT, SCENARIO, arms);
        String diagram = read(Path.of("bpmn", SCENARIO + ".bpmn"));
        return RouterFunctions.route()
                .GET("/api/scenarios", request -> json(list))
                .GET("/api/scenarios/" + SCENARIO + "/performance", request -> json(performance))
                .GET("/api/scenarios/" + SCENARIO + "/diagram",
                        request -> ServerResponse.ok().contentType(MediaType.APPLICATION_XML).body(diagram))
                .GET("/api/experiments", request -> json("[" + experiment + "]"))
                .GET("/api/experiments/" + EXPERIMENT, request -> json(experiment))
                .build();
    }

    private static String rate(InsightDashboardBrowserTest.Expected x) {
        return String.valueOf((double) x.conversions() / x.entered());
    }

    private static ServerResponse json(String body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
