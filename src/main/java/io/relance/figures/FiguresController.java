package io.relance.figures;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scenario performance: {@code GET /api/scenarios}, {@code /api/scenarios/{processKey}/performance} (JSON and
 * {@code .csv}) and {@code /api/scenarios/{processKey}/diagram} (the deployed BPMN XML).
 */
@RestController
class FiguresController {

    private static final List<String> CSV_COUNTS = List.of("entered", "sent", "suppressed", "failed", "delivered",
            "opened", "clicked", "unsubscribed", "conversions");

    private final ScenarioFigures figures;

    FiguresController(ScenarioFigures figures) {
        this.figures = figures;
    }

    @GetMapping("/api/scenarios")
    Map<String, Object> scenarios(@RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to) {
        Period period = figures.period(from, to);
        return Map.of("from", period.from(), "to", period.to(), "attribution", Attribution.RULE,
                "scenarios", figures.scenarios(from, to));
    }

    @GetMapping("/api/scenarios/{processKey}/performance")
    ScenarioFigures.Performance performance(@PathVariable String processKey,
                                            @RequestParam(required = false) String from,
                                            @RequestParam(required = false) String to,
                                            @RequestParam(required = false) Integer version) {
        return figures.performance(processKey, from, to, version);
    }

    @GetMapping("/api/scenarios/{processKey}/performance.csv")
    ResponseEntity<byte[]> csv(@PathVariable String processKey, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to,
                               @RequestParam(required = false) Integer version) {
        List<ScenarioFigures.CsvRow> rows = figures.csv(processKey, from, to, version);
        TreeSet<String> currencies = new TreeSet<>();
        rows.forEach(row -> currencies.addAll(row.revenue().keySet()));
        StringBuilder csv = new StringBuilder("day,messageType,channel,").append(String.join(",", CSV_COUNTS));
        currencies.forEach(c -> csv.append(",revenue_").append(c));
        csv.append("\r\n");
        for (ScenarioFigures.CsvRow row : rows) {
            csv.append(row.day()).append(',').append(cell(row.messageType())).append(',')
                    .append(cell(row.channel()));
            CSV_COUNTS.forEach(metric -> csv.append(',').append(row.counts().getOrDefault(metric, 0L)));
            currencies.forEach(c -> {
                BigDecimal amount = row.revenue().get(c);
                csv.append(',').append(amount == null ? "" : amount.toPlainString());
            });
            csv.append("\r\n");
        }
        String file = processKey.replaceAll("[^A-Za-z0-9._-]", "_") + "-performance.csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build()
                        .toString())
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/api/scenarios/{processKey}/diagram")
    ResponseEntity<byte[]> diagram(@PathVariable String processKey,
                                   @RequestParam(required = false) Integer version) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .body(figures.diagram(processKey, version));
    }

    /** A CSV cell: quoted when needed; a leading formula character is neutralised (spreadsheet injection). */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value.matches("^[=+\\-@].*") ? "'" + value : value;
        return v.matches(".*[\",\r\n].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
