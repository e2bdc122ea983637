package org.neurorig.plugin.filter;

import java.util.ArrayList;
import java.util.List;
import org.neurorig.api.ChannelInfo;

/**
 * Parses channel lists such as {@code "0-3, 7, CH12"}: 0-based indices, inclusive index ranges, or
 * channel names of the input stream. Errors name the key and the offending entry. Exported for the
 * {@code channels.*} nodes of {@code org.neurorig.plugin.channels}; {@code filter.car} uses it too.
 */
public final class ChannelListParser {
    private ChannelListParser() {}

    public static int[] parse(String key, String text, List<ChannelInfo> channels) {
        List<Integer> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new int[0];
        }
        for (String raw : text.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            int dash = item.indexOf('-', 1);
            if (dash > 0 && isInt(item.substring(0, dash)) && isInt(item.substring(dash + 1))) {
                int a = index(key, item.substring(0, dash).trim(), channels);
                int b = index(key, item.substring(dash + 1).trim(), channels);
                if (b < a) {
                    throw new IllegalArgumentException(key + ": range '" + item + "' runs backwards");
                }
                for (int i = a; i <= b; i++) {
                    out.add(i);
                }
            } else {
                out.add(index(key, item, channels));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean isInt(String s) {
        return s.trim().matches("\\d+");
    }

    private static int index(String key, String item, List<ChannelInfo> channels) {
        if (isInt(item)) {
            int i = Integer.parseInt(item.trim());
            if (i >= channels.size()) {
                throw new IllegalArgumentException(key + ": channel " + i + " does not exist (the input has "
                        + channels.size() + " channels, 0-" + (channels.size() - 1) + ")");
            }
            return i;
        }
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i).name().equals(item)) {
                return i;
            }
        }
        throw new IllegalArgumentException(key + ": no channel named '" + item + "'");
    }
}
