package org.neurorig.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.neurorig.api.NodeContext;
import org.neurorig.api.NodeStatus;

/** A {@link NodeContext} that records every status report so that tests can assert on it. */
public final class TestContext implements NodeContext {
    private final String nodeName;
    private final List<NodeStatus> statuses = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    public TestContext(String nodeName) {
        this.nodeName = nodeName;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public synchronized void status(NodeStatus status, String message) {
        statuses.add(status);
        messages.add(message);
    }

    /** Every status reported so far, oldest first. */
    public synchronized List<NodeStatus> statuses() {
        return Collections.unmodifiableList(new ArrayList<>(statuses));
    }

    /** The message of every status report so far, oldest first (same order as {@link #statuses()}). */
    public synchronized List<String> messages() {
        return Collections.unmodifiableList(new ArrayList<>(messages));
    }

    /** The last status reported, or {@code null} when the node reported none. */
    public synchronized NodeStatus lastStatus() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
    }

    /** The message of the last status report, or {@code null} when the node reported none. */
    public synchronized String lastMessage() {
        return messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }
}
