package io.relance.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The application as an operator runs it: a JVM of its own ({@code java -cp <main classpath>
 * io.relance.RelanceApplication}, without the test classes, so Spring Boot's own logging configuration applies), its
 * console output in a file. {@link #process()} is that JVM itself (no shell in between): {@link #stop()} sends it
 * SIGTERM, {@link #kill()} SIGKILL.
 */
public final class RelanceJvm {

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private RelanceJvm(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the application and waits until its readiness probe answers 200 (at most {@code readyWithin}).
     *
     * @param logDir    where the console output goes ({@code <name>.log}; a restart under the same name appends)
     * @param arguments Spring Boot arguments after {@code --server.port} (e.g. {@code --spring.datasource.url=...})
     * @param env       environment variables added to the test's own
     */
    public static RelanceJvm start(String name, Path logDir, int port, List<String> arguments, Map<String, String> env,
                                   Duration readyWithin) throws IOException, InterruptedException {
        RelanceJvm jvm = launch(name, logDir, port, arguments, env);
        jvm.awaitReady(readyWithin);
        return jvm;
    }

    /** Starts the application without waiting for it (then {@link #awaitReady}). */
    public static RelanceJvm launch(String name, Path logDir, int port, List<String> arguments,
                                    Map<String, String> env) throws IOException {
        return launch(name, logDir, port, List.of(), arguments, env);
    }

    /**
     * Starts the application without waiting for it, with these JVM options besides {@code -Xmx384m} (e.g. options
     * that spare CPU when several JVMs start on a small machine).
     */
    public static RelanceJvm launch(String name, Path logDir, int port, List<String> jvmOptions,
                                    List<String> arguments, Map<String, String> env) throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, "io.relance.RelanceApplication", "--server.port=" + port));
        command.addAll(arguments);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new RelanceJvm(name, builder.start(), log, port);
    }

    /** Waits until the readiness probe answers 200; fails with the end of the log if the JVM ended or took too long. */
    public void awaitReady(Duration within) throws InterruptedException {
        waitFor(() -> !process.isAlive() || ready(), within, name + " to be ready");
        if (!process.isAlive()) {
            throw new AssertionError(name + " did not start (exit " + process.exitValue() + "):\n" + tail());
        }
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    public ApiClient as(String user, String password) {
        return ApiClient.as(port, user, password);
    }

    public boolean ready() {
        try {
            return ApiClient.anonymous(port).get("/actuator/health/readiness").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The console output so far, line by line. */
    public List<String> lines() {
        try {
            return List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last 60 lines of the console output. */
    public String tail() {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** SIGTERM, then waits for the JVM to end (at most 120 s); returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within 120 s after SIGTERM:\n" + tail());
        }
        return process.exitValue();
    }

    /**
     * SIGKILL: the JVM ends at once, without any shutdown hook (as in a crash or an out-of-memory kill); returns its
     * exit code (137 = 128 + 9 on Linux).
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still runs 30 s after SIGKILL");
        }
        return process.exitValue();
    }

    /** Ends the JVM if it still runs (SIGKILL): for clean-up after a failed test. */
    public void ensureEnded() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Polls {@code condition} every 200 ms; fails naming {@code what} after {@code within}. */
    public static void waitFor(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        waitFor(condition, within, () -> what);
    }

    /**
     * Polls {@code condition} every 200 ms; fails after {@code within} naming {@code what}, read then (so it can say
     * how far things got).
     */
    public static void waitFor(BooleanSupplier condition, Duration within, Supplier<String> what)
            throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("waited " + within.toSeconds() + " s for " + what.get());
            }
            Thread.sleep(200);
        }
    }
}
