package io.relance.scenario;

import io.relance.support.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pictures of the scenarios in the README ({@code bpmn/.images/<scenario>.svg}) are rendered from the BPMN
 * files by bpmn-js (the Modeler's renderer) in headless Chromium, and must match: a changed diagram with a stale
 * picture fails here. Regenerate with {@code ./mvnw test -Dtest=ScenarioPicturesTest -Drelance.pictures.update=true}.
 */
class ScenarioPicturesTest {

    static final Path IMAGES = Path.of("bpmn/.images");
    static final Path VIEWER = Path.of("src/lint/node_modules/bpmn-js/dist/bpmn-viewer.production.min.js");
    static WebDriver browser;

    @BeforeAll
    static void open() throws IOException {
        HeadlessChromium.requireInstalled("rendering the scenario pictures");
        assertThat(VIEWER).as("bpmn-js, installed by the test command (npm ci --prefix src/lint)").exists();
        Path page = Files.createTempFile("relance-render", ".html");
        Files.writeString(page, """
                <!DOCTYPE html><html><head><meta charset="UTF-8">
                <script src="%s"></script></head>
                <body><div id="canvas" style="width:1200px;height:800px"></div></body></html>"""
                .formatted(VIEWER.toAbsolutePath().toUri()));
        browser = HeadlessChromium.start();
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser.get(page.toUri().toString());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @SuppressWarnings("unchecked")
    private static String render(String xml) {
        Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const xml = arguments[0], done = arguments[arguments.length - 1];
                const viewer = new BpmnJS({ container: '#canvas' });
                viewer.importXML(xml)
                  .then(() => viewer.saveSVG())
                  .then(result => { viewer.destroy(); done({ svg: result.svg }); })
                  .catch(error => done({ error: String(error) }));""", xml);
        assertThat(result.get("error")).as("bpmn-js import").isNull();
        return stableMarkerIds(result.get("svg") + "\n");
    }

    /** bpmn-js names arrow markers randomly; number them in order of appearance so that pictures compare. */
    static String stableMarkerIds(String svg) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("marker-[a-z0-9]{10,}").matcher(svg);
        Map<String, String> renamed = new java.util.HashMap<>();
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = renamed.computeIfAbsent(matcher.group(), m -> "marker-" + (renamed.size() + 1));
            matcher.appendReplacement(out, name);
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @Test
    void everyScenarioHasAnUpToDatePicture() throws IOException {
        boolean update = Boolean.getBoolean("relance.pictures.update");
        List<String> stale = new ArrayList<>();
        List<Path> diagrams;
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            diagrams = files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList();
        }
        for (Path diagram : diagrams) {
            String svg = render(Files.readString(diagram));
            assertThat(svg).startsWith("<?xml").contains("<svg");
            Path picture = IMAGES.resolve(diagram.getFileName().toString().replace(".bpmn", ".svg"));
            if (update) {
                Files.createDirectories(IMAGES);
                Files.writeString(picture, svg);
            } else if (!Files.exists(picture) || !Files.readString(picture).equals(svg)) {
                stale.add(picture.toString());
            }
        }
        assertThat(stale).as("pictures out of date; regenerate with ./mvnw test -Dtest=ScenarioPicturesTest"
                + " -Drelance.pictures.update=true").isEmpty();
    }
}
