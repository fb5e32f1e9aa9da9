package io.relance.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Scenario folders of a test's own holding a copy of the project's message texts ({@code bpmn/templates/}). */
public final class TemplateDirs {

    public static final Path PROJECT_TEMPLATES = Path.of("bpmn/templates").toAbsolutePath();

    private TemplateDirs() {
    }

    /** Copies the project's {@code bpmn/templates/} to {@code <scenarioDir>/bpmn/templates/}; returns the copy. */
    public static Path copyInto(Path scenarioDir) {
        Path target = scenarioDir.resolve("bpmn/templates");
        try (Stream<Path> files = Files.walk(PROJECT_TEMPLATES)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(PROJECT_TEMPLATES.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
