package io.relance.channel.template;

/**
 * A message text that cannot be used: a template that does not render, uses an unknown variable or lacks a part, a
 * bad subjects, why-lines or samples file. Start-up stops with it, naming the file, the line and the problem; a
 * change found while running is refused the same way and the previous texts stay in use.
 */
public class TemplateException extends RuntimeException {

    private final String file;
    private final int line;
    private final String problem;

    public TemplateException(String file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ", line " + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** The line of the problem, 1 for the first; 0 when it concerns the whole file. */
    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
