package org.hvs.examples.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value} (or {@code --name=value}); every option
 * must be read by the command, so a misspelt one is an error rather than silently ignored.
 */
final class Args {
    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();

    Args(String command, String[] argv, int from) {
        this.command = command;
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException(command + ": expected an option like --name value, got '" + a + "'");
            }
            String name;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                name = a.substring(2);
                if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                    value = argv[++i];
                } else {
                    value = "true";
                }
            }
            if (values.put(name, value) != null) {
                throw new UsageException(command + ": option --" + name + " given twice");
            }
        }
    }

    private Args(Args a, String name, String value) {
        this.command = a.command;
        this.values.putAll(a.values);
        this.values.put(name, value);
    }

    /** A copy with {@code --name value} set (replacing what was given), nothing marked used. */
    Args with(String name, String value) {
        return new Args(this, name, value);
    }

    /** The options as {@code --name=value} tokens, in the order given, less those named in {@code drop}. */
    List<String> options(Collection<String> drop) {
        List<String> out = new ArrayList<>();
        values.forEach((name, value) -> {
            if (!drop.contains(name)) {
                out.add("--" + name + "=" + value);
            }
        });
        return out;
    }

    boolean has(String name) {
        used.add(name);
        return values.containsKey(name);
    }

    String string(String name, String def) {
        used.add(name);
        return values.getOrDefault(name, def);
    }

    String required(String name) {
        used.add(name);
        String v = values.get(name);
        if (v == null) {
            throw new UsageException(command + ": option --" + name + " is required");
        }
        return v;
    }

    int integer(String name, int def, int min) {
        String v = string(name, null);
        if (v == null) {
            return def;
        }
        int x;
        try {
            x = Integer.parseInt(v.strip());
        } catch (NumberFormatException ex) {
            throw new UsageException(command + ": --" + name + " must be an integer, got '" + v + "'");
        }
        if (x < min) {
            throw new UsageException(command + ": --" + name + " must be >= " + min + ", got " + x);
        }
        return x;
    }

    long longValue(String name, long def) {
        String v = string(name, null);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException ex) {
            throw new UsageException(command + ": --" + name + " must be an integer, got '" + v + "'");
        }
    }

    double real(String name, double def, double min, double max) {
        String v = string(name, null);
        if (v == null) {
            return def;
        }
        double x;
        try {
            x = Double.parseDouble(v.strip());
        } catch (NumberFormatException ex) {
            throw new UsageException(command + ": --" + name + " must be a number, got '" + v + "'");
        }
        if (!(x >= min && x <= max)) {
            throw new UsageException(command + ": --" + name + " must be in [" + min + ", " + max + "], got " + x);
        }
        return x;
    }

    boolean flag(String name) {
        return flag(name, false);
    }

    /** A flag with a default: {@code --name} alone is true, {@code --name true|false} sets it. */
    boolean flag(String name, boolean def) {
        String v = string(name, Boolean.toString(def));
        if (!v.equals("true") && !v.equals("false")) {
            throw new UsageException(command + ": --" + name + " takes no value or true/false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** Fails on options the command never asked for. Call after reading all options. */
    void checkAllUsed() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name);
            }
        }
    }

    /** A mistake on the command line: printed with the usage, exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
