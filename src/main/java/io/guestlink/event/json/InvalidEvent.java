package io.guestlink.event.json;

import java.util.List;

/**
 * A message that is not a valid guest event: not JSON, not conforming to the schema, or contradicting itself. Every
 * problem found is listed (up to a limit), each with its JSON path and value; personal values are masked, so the
 * message is safe for logs and for the dead-letter queue's header.
 */
public final class InvalidEvent extends RuntimeException {
    private final List<Problem> problems;

    public InvalidEvent(List<Problem> problems) {
        super(describe(problems), null, false, false);
        if (problems.isEmpty()) throw new IllegalArgumentException("an invalid event needs at least one problem");
        this.problems = List.copyOf(problems);
    }

    public InvalidEvent(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The first problem's path, for a header that names one field. */
    public String path() {
        return problems.get(0).path();
    }

    private static String describe(List<Problem> problems) {
        StringBuilder sb = new StringBuilder("invalid guest event: ");
        for (int i = 0; i < problems.size(); i++) {
            if (i > 0) sb.append("; ");
            sb.append(problems.get(i));
        }
        return sb.toString();
    }
}
