package io.relance.figures;

import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures of the scenarios over a period, read from the counters (never from Camunda's history): a few indexed
 * range reads per answer, whatever the number of instances, messages and events behind them.
 */
@Service
public class ScenarioFigures {

    private final FigureStore store;
    private final ScenarioModels models;
    private final Clock clock;
    private final FiguresProperties properties;

    ScenarioFigures(FigureStore store, ScenarioModels models, Clock clock, FiguresProperties properties) {
        this.store = store;
        this.models = models;
        this.clock = clock;
        this.properties = properties;
    }

    /** An amount in one currency. */
    public record Money(String currency, BigDecimal amount) {
    }

    /** A scenario in the list, with its headline figures over the period. */
    public record Summary(String processKey, String name, int version, long entered, long active, long conversions,
                          double conversionRate, List<Money> revenue, List<SummaryDay> daily) {
    }

    public record SummaryDay(LocalDate day, long entered, long conversions) {
    }

    /** The figures of one send step (message type on a channel). */
    public record MessageFigures(String messageType, String channel, long sent, long suppressed,
                                 Map<String, Long> suppressedBy, long failed, long delivered, long opened,
                                 long clicked, long unsubscribed, double openRate, double clickRate,
                                 double unsubscribeRate) {
    }

    public record ElementFigures(long passed, long waiting) {
    }

    public record Day(LocalDate day, long entered, long sent, long opened, long clicked, long conversions,
                      List<Money> revenue) {
    }

    /** The figures of a scenario over a period (all versions, or {@code version}). */
    public record Performance(String processKey, String name, Integer version, LocalDate from, LocalDate to,
                              String timeZone, long entered, long active, Map<String, Long> exits,
                              long conversions, double conversionRate, List<Money> revenue, String goal,
                              int attributionDays, String attribution, List<MessageFigures> messages,
                              Map<String, ElementFigures> elements, List<Day> daily) {
    }

    /** One row of the CSV export: a day of the scenario (messageType null) or of one of its send steps. */
    public record CsvRow(LocalDate day, String messageType, String channel, Map<String, Long> counts,
                         Map<String, BigDecimal> revenue) {
    }

    public Period period(String from, String to) {
        return Period.parse(from, to, LocalDate.now(clock.withZone(properties.timeZone())));
    }

    /** Every deployed scenario (latest version), with its headline figures. */
    public List<Summary> scenarios(String from, String to) {
        Period period = period(from, to);
        List<ScenarioModels.Definition> latest = models.latest();
        List<String> keys = latest.stream().map(ScenarioModels.Definition::key).toList();
        Map<String, Map<LocalDate, Map<String, Long>>> byScenario = new HashMap<>();
        for (FigureStore.Row row : store.scenarioDaily(keys, period.from(), period.to())) {
            byScenario.computeIfAbsent(row.scenario(), k -> new HashMap<>())
                    .computeIfAbsent(row.day(), d -> new HashMap<>()).merge(row.metric(), row.n(), Long::sum);
        }
        Map<String, Long> active = new HashMap<>();
        store.gauges(keys, null, true).forEach(row -> active.merge(row.scenario(), row.n(), Long::sum));
        List<Summary> summaries = new ArrayList<>();
        for (ScenarioModels.Definition definition : latest) {
            Map<LocalDate, Map<String, Long>> days = byScenario.getOrDefault(definition.key(), Map.of());
            Map<String, Long> totals = new HashMap<>();
            days.values().forEach(m -> m.forEach((metric, n) -> totals.merge(metric, n, Long::sum)));
            long entered = totals.getOrDefault(EngineCounting.ENTERED, 0L);
            long conversions = totals.getOrDefault(MessageCounting.CONVERSIONS, 0L);
            summaries.add(new Summary(definition.key(), definition.name(), definition.version(), entered,
                    Math.max(0, active.getOrDefault(definition.key(), 0L)), conversions, rate(conversions, entered),
                    revenue(totals), period.days().map(day -> {
                        Map<String, Long> m = days.getOrDefault(day, Map.of());
                        return new SummaryDay(day, m.getOrDefault(EngineCounting.ENTERED, 0L),
                                m.getOrDefault(MessageCounting.CONVERSIONS, 0L));
                    }).toList()));
        }
        return summaries;
    }

    /** The figures of a scenario; {@link UnknownScenarioException} when it (or that version) is not deployed. */
    public Performance performance(String processKey, String from, String to, Integer version) {
        Period period = period(from, to);
        ScenarioModels.Definition definition = definition(processKey, version);
        Map<String, Map<String, Long>> byScope = new TreeMap<>();
        for (FigureStore.Row row : store.totals(processKey, version, period.from(), period.to())) {
            byScope.computeIfAbsent(row.element(), k -> new HashMap<>()).merge(row.metric(), row.n(), Long::sum);
        }
        Map<String, Long> waiting = new HashMap<>();
        store.gauges(List.of(processKey), version, false).forEach(row -> waiting.merge(row.element(), row.n(),
                Long::sum));
        Map<String, Long> scenario = byScope.getOrDefault(EngineCounting.SCENARIO, Map.of());
        long entered = scenario.getOrDefault(EngineCounting.ENTERED, 0L);
        long conversions = scenario.getOrDefault(MessageCounting.CONVERSIONS, 0L);
        Map<String, Long> exits = new TreeMap<>();
        scenario.forEach((metric, n) -> {
            if (metric.startsWith(EngineCounting.EXIT_PREFIX)) {
                exits.put(metric.substring(EngineCounting.EXIT_PREFIX.length()), n);
            }
        });
        List<MessageFigures> messages = new ArrayList<>();
        Map<String, ElementFigures> elements = new LinkedHashMap<>();
        models.elementIds(definition).forEach(id -> elements.put(id, new ElementFigures(0, 0)));
        TreeSet<String> elementScopes = new TreeSet<>(byScope.keySet());
        elementScopes.addAll(waiting.keySet());
        for (String scope : elementScopes) {
            if (scope.isEmpty()) {
                continue;
            }
            Map<String, Long> m = byScope.getOrDefault(scope, Map.of());
            if (scope.startsWith("msg:")) {
                messages.add(message(scope, m));
            } else {
                elements.put(scope, new ElementFigures(m.getOrDefault(EngineCounting.PASSED, 0L),
                        Math.max(0, waiting.getOrDefault(scope, 0L))));
            }
        }
        messages.sort(Comparator.comparing(MessageFigures::messageType).thenComparing(MessageFigures::channel));
        Map<LocalDate, Map<String, Long>> perDay = new HashMap<>();
        for (FigureStore.Row row : store.daily(processKey, version, period.from(), period.to(), false)) {
            String metric = row.element().isEmpty() ? row.metric() : "msg." + row.metric();
            perDay.computeIfAbsent(row.day(), d -> new HashMap<>()).merge(metric, row.n(), Long::sum);
        }
        List<Day> daily = period.days().map(day -> {
            Map<String, Long> m = perDay.getOrDefault(day, Map.of());
            return new Day(day, m.getOrDefault(EngineCounting.ENTERED, 0L),
                    m.getOrDefault("msg." + MessageCounting.SENT, 0L),
                    m.getOrDefault("msg." + MessageCounting.OPENED, 0L),
                    m.getOrDefault("msg." + MessageCounting.CLICKED, 0L),
                    m.getOrDefault(MessageCounting.CONVERSIONS, 0L), revenue(m));
        }).toList();
        return new Performance(processKey, definition.name(), version, period.from(), period.to(),
                properties.timeZone().getId(), entered, Math.max(0, waiting.getOrDefault(EngineCounting.SCENARIO, 0L)),
                exits, conversions, rate(conversions, entered), revenue(scenario), definition.goal(),
                definition.attributionDays(), Attribution.RULE, messages, elements, daily);
    }

    /** The rows of the CSV export: per day, the scenario's row, then one per send step with figures that day. */
    public List<CsvRow> csv(String processKey, String from, String to, Integer version) {
        Period period = period(from, to);
        definition(processKey, version);
        Map<LocalDate, Map<String, Map<String, Long>>> perDay = new HashMap<>();
        for (FigureStore.Row row : store.daily(processKey, version, period.from(), period.to(), true)) {
            perDay.computeIfAbsent(row.day(), d -> new TreeMap<>())
                    .computeIfAbsent(row.element(), e -> new HashMap<>()).merge(row.metric(), row.n(), Long::sum);
        }
        List<CsvRow> rows = new ArrayList<>();
        period.days().forEach(day -> {
            Map<String, Map<String, Long>> scopes = perDay.getOrDefault(day, Map.of());
            Map<String, Long> total = new HashMap<>(scopes.getOrDefault(EngineCounting.SCENARIO, Map.of()));
            scopes.forEach((scope, m) -> {
                if (!scope.isEmpty()) {
                    m.forEach((metric, n) -> total.merge(metric.startsWith(MessageCounting.SUPPRESSED_PREFIX)
                            ? "suppressed" : metric, n, Long::sum));
                }
            });
            rows.add(new CsvRow(day, null, null, total, money(total)));
            scopes.forEach((scope, m) -> {
                if (!scope.isEmpty()) {
                    MessageFigures f = message(scope, m);
                    Map<String, Long> counts = new HashMap<>(m);
                    counts.put("suppressed", f.suppressed());
                    rows.add(new CsvRow(day, f.messageType(), f.channel(), counts, Map.of()));
                }
            });
        });
        return rows;
    }

    /** The deployed BPMN XML of a scenario (latest version, or {@code version}). */
    public byte[] diagram(String processKey, Integer version) {
        ScenarioModels.Definition definition = definition(processKey, version);
        try (InputStream xml = models.xml(definition)) {
            return xml.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ScenarioModels.Definition definition(String processKey, Integer version) {
        return models.find(processKey, version).orElseThrow(() -> new UnknownScenarioException(processKey, version));
    }

    private static MessageFigures message(String scope, Map<String, Long> m) {
        String[] parts = scope.split(":", 3);
        Map<String, Long> suppressedBy = new TreeMap<>();
        m.forEach((metric, n) -> {
            if (metric.startsWith(MessageCounting.SUPPRESSED_PREFIX)) {
                suppressedBy.put(metric.substring(MessageCounting.SUPPRESSED_PREFIX.length()), n);
            }
        });
        long sent = m.getOrDefault(MessageCounting.SENT, 0L);
        long opened = m.getOrDefault(MessageCounting.OPENED, 0L);
        long clicked = m.getOrDefault(MessageCounting.CLICKED, 0L);
        long unsubscribed = m.getOrDefault(MessageCounting.UNSUBSCRIBED, 0L);
        return new MessageFigures(parts[2], parts[1], sent,
                suppressedBy.values().stream().mapToLong(Long::longValue).sum(), suppressedBy,
                m.getOrDefault(MessageCounting.FAILED, 0L), m.getOrDefault(MessageCounting.DELIVERED, 0L), opened,
                clicked, unsubscribed, rate(opened, sent), rate(clicked, sent), rate(unsubscribed, sent));
    }

    static double rate(long part, long whole) {
        return whole == 0 ? 0.0 : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP)
                .doubleValue();
    }

    private static Map<String, BigDecimal> money(Map<String, Long> metrics) {
        Map<String, BigDecimal> money = new TreeMap<>();
        metrics.forEach((metric, n) -> {
            if (metric.startsWith(MessageCounting.REVENUE_PREFIX)) {
                money.put(metric.substring(MessageCounting.REVENUE_PREFIX.length()), amount(n));
            }
        });
        return money;
    }

    private static List<Money> revenue(Map<String, Long> metrics) {
        return money(metrics).entrySet().stream().map(e -> new Money(e.getKey(), e.getValue())).toList();
    }

    private static BigDecimal amount(long tenThousandths) {
        BigDecimal amount = BigDecimal.valueOf(tenThousandths, MessageCounting.REVENUE_SCALE).stripTrailingZeros();
        return amount.scale() < 2 ? amount.setScale(2) : amount;
    }
}
