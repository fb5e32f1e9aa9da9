package io.relance.bench;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * DMN evaluation benchmark (a program, not a test): the shipped decisions evaluated by Camunda's DMN engine with its
 * FEEL engine, as the scenarios evaluate them, without a database. It prints evaluations per second and the FEEL
 * engine's version, so that two FEEL engines can be compared side by side in one sitting:
 * <pre>
 * ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.main=io.relance.bench.DecisionBenchmark
 * ./mvnw -q -Pbenchmark test-compile exec:exec -Dbench.main=io.relance.bench.DecisionBenchmark -Dfeel-engine.version=1.19.3
 * </pre>
 * Each decision is evaluated {@code bench.evaluations} times (default 20,000) after as many warm-up evaluations,
 * with inputs that cycle through its rules.
 */
public final class DecisionBenchmark {

    private DecisionBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int evaluations = Integer.getInteger("bench.evaluations", 20_000);
        DmnEngine engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        Package feel = org.camunda.feel.FeelEngine.class.getPackage();
        String feelVersion = feel.getImplementationVersion() != null ? feel.getImplementationVersion()
                : org.camunda.feel.FeelEngine.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        System.out.printf(Locale.ROOT, "Relance DMN benchmark: %,d evaluations per decision after as many warm-up"
                + " ones%n", evaluations);
        System.out.printf(Locale.ROOT, "FEEL engine: %s; Java %s; %d cores; load average %.2f at start%n", feelVersion,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%n%-58s %14s %10s%n", "decision (file, rules)", "evaluations/s", "µs each");

        String[] sources = {"checkout", "popup", "footer"};
        run(engine, "dmn/welcome-settings.dmn", "welcome-settings", evaluations,
                i -> Variables.createVariables().putValue("source", sources[i % sources.length]));

        String[] types = {"welcome", "birthday", "newsletter", "promotion", "cart-reminder-1", "order-confirmation"};
        String[] channels = {"email", "sms"};
        String[] tiers = {"gold", "silver", "standard"};
        run(engine, "dmn/message-priority.dmn", "message-priority", evaluations,
                i -> Variables.createVariables().putValue("messageType", types[i % types.length])
                        .putValue("channel", channels[i % channels.length])
                        .putValue("valueTier", tiers[i % tiers.length]));

        String[] scenarios = {"birthday", "welcome", "winback"};
        String[] countries = {"FR", "US", null};
        run(engine, "dmn/segments.dmn", "scenario-entry", evaluations,
                i -> Variables.createVariables().putValue("scenario", scenarios[i % scenarios.length])
                        .putValue("age", i % 5 == 0 ? null : 15 + i % 60)
                        .putValue("country", countries[i % countries.length])
                        .putValue("lifetimeValue", (double) (i % 2000)).putValue("ordersCount", i % 15));
    }

    private static void run(DmnEngine engine, String file, String key, int evaluations, IntFunction<VariableMap> inputs)
            throws IOException {
        DmnModelInstance model;
        try (InputStream in = new FileInputStream(file)) {
            model = Dmn.readModelFromStream(in);
        }
        DmnDecision decision = engine.parseDecisions(model).stream().filter(d -> d.getKey().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No decision " + key + " in " + file));
        Decision element = model.getModelElementById(key);
        int rules = element.getExpression() instanceof DecisionTable table ? table.getRules().size() : 0;
        long matched = 0;
        for (int i = 0; i < evaluations; i++) {
            matched += engine.evaluateDecision(decision, inputs.apply(i)).size();
        }
        long start = System.nanoTime();
        for (int i = 0; i < evaluations; i++) {
            matched += engine.evaluateDecision(decision, inputs.apply(i)).size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (matched == 0) {
            throw new IllegalStateException(key + ": no evaluation matched a rule; the inputs do not fit the table");
        }
        System.out.printf(Locale.ROOT, "%-58s %,14.0f %10.1f%n", key + " (" + file + ", " + rules + " rules)",
                evaluations / seconds, seconds * 1e6 / evaluations);
    }
}
