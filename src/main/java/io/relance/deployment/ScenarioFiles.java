package io.relance.deployment;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the scenario files: {@code *.bpmn}, {@code *.dmn} and {@code *.form} in the folders {@code bpmn/} and
 * {@code dmn/}, read from a base directory when it has them (so a designer saves in the Modeler and restarts), or
 * else from the copies packaged in the application.
 */
final class ScenarioFiles {

    static final List<String> FOLDERS = List.of("bpmn", "dmn");
    static final Set<String> EXTENSIONS = Set.of(".bpmn", ".dmn", ".form");

    /** A file to deploy: its resource name (e.g. {@code bpmn/welcome.bpmn}), where it came from, its bytes. */
    record ScenarioFile(String name, String location, byte[] content) {
    }

    /** The files and a human description of where they were read from. */
    record Found(List<ScenarioFile> files, String origin) {
    }

    private ScenarioFiles() {
    }

    static Found find(String configuredDir) {
        return find(configuredDir, Path.of("").toAbsolutePath());
    }

    static Found find(String configuredDir, Path workingDir) {
        if (configuredDir != null && !configuredDir.isBlank()) {
            Path base = Path.of(configuredDir).toAbsolutePath().normalize();
            if (!Files.isDirectory(base)) {
                throw new ScenarioDeploymentException(base.toString(),
                        "relance.scenario-dir points to a folder that does not exist", null);
            }
            if (FOLDERS.stream().noneMatch(folder -> Files.isDirectory(base.resolve(folder)))) {
                throw new ScenarioDeploymentException(base.toString(),
                        "relance.scenario-dir has neither a bpmn/ nor a dmn/ folder", null);
            }
            return new Found(fromDirectory(base), base.toString());
        }
        if (FOLDERS.stream().anyMatch(folder -> Files.isDirectory(workingDir.resolve(folder)))) {
            return new Found(fromDirectory(workingDir), workingDir.toString());
        }
        return new Found(fromClasspath(), "the application's packaged copies");
    }

    private static List<ScenarioFile> fromDirectory(Path base) {
        List<ScenarioFile> files = new ArrayList<>();
        for (String folder : FOLDERS) {
            Path dir = base.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path path : entries.filter(Files::isRegularFile).filter(ScenarioFiles::isScenarioFile)
                        .sorted(Comparator.comparing(Path::toString)).toList()) {
                    files.add(new ScenarioFile(folder + "/" + path.getFileName(), path.toString(),
                            Files.readAllBytes(path)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read scenario folder " + dir, e);
            }
        }
        return files;
    }

    private static List<ScenarioFile> fromClasspath() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<ScenarioFile> files = new ArrayList<>();
        for (String folder : FOLDERS) {
            for (String extension : EXTENSIONS) {
                try {
                    Resource[] resources = resolver.getResources("classpath*:" + folder + "/*" + extension);
                    for (Resource resource : resources) {
                        try (InputStream in = resource.getInputStream()) {
                            files.add(new ScenarioFile(folder + "/" + resource.getFilename(),
                                    resource.getDescription(), in.readAllBytes()));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read packaged scenario files", e);
                }
            }
        }
        files.sort(Comparator.comparing(ScenarioFile::name));
        return files;
    }

    private static boolean isScenarioFile(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
