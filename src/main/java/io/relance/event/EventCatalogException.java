package io.relance.event;

/** The event catalogue file cannot be read: start-up stops and says which file, which line and why. */
public class EventCatalogException extends RuntimeException {

    private final String file;
    private final int line;

    public EventCatalogException(String file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ", line " + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** The line of the problem, 1 for the first; 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
