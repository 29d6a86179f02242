package dev.dbops.sdk.plan;

import dev.dbops.sdk.Project;
import dev.dbops.sdk.plan.ResourceChange.Action;
import dev.dbops.sdk.plan.ResourceChange.FieldChange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a plan the way {@code terraform plan} does, with the state file's (Terraform's) argument
 * names, so that what a user reads matches what they wrote: {@code schema_source.location}, not
 * {@code changelog.location}.
 */
final class PlanRenderer {

    private PlanRenderer() {
    }

    /** Untouched resources listed one by one per reason before the rest are counted. */
    private static final int LISTED_PER_REASON = 10;

    static String render(Plan plan) {
        Project project = plan.desired().project();
        String where = project.org() + "/" + project.project();
        StringBuilder out = new StringBuilder();
        for (String warning : plan.desired().warnings()) {
            out.append("Warning: ").append(warning).append('\n');
        }
        if (!plan.desired().warnings().isEmpty()) {
            out.append('\n');
        }
        List<ResourceChange> actions = plan.actions();
        if (actions.isEmpty()) {
            out.append("No changes. The Database DevOps resources in ").append(where)
                    .append(" match the desired state.\n");
        } else {
            out.append("Database DevOps will perform the following actions in ").append(where).append(":\n\n");
            int add = 0;
            int change = 0;
            int destroy = 0;
            for (ResourceChange c : actions) {
                block(out, c);
                switch (c.action()) {
                    case CREATE -> add++;
                    case UPDATE -> change++;
                    case DELETE -> destroy++;
                    case REPLACE -> { add++; destroy++; }
                    default -> { }
                }
            }
            out.append("Plan: ").append(add).append(" to add, ").append(change).append(" to change, ")
                    .append(destroy).append(" to destroy.\n");
        }
        untouched(out, plan);
        for (Plan.Refusal refusal : plan.refusals()) {
            out.append("\nError: ").append(refusal.why()).append(" Apply refuses this plan and sends nothing.\n");
        }
        return out.toString();
    }

    /** Every resource the plan leaves alone, with the reason; unchanged declared ones as a count. */
    private static void untouched(StringBuilder out, Plan plan) {
        List<String> lines = new ArrayList<>();
        long unchanged = plan.changes().stream().filter(c -> c.action() == Action.NO_CHANGE).count();
        if (unchanged > 0) {
            lines.add(unchanged + " declared resource(s) unchanged: they match the configuration");
        }
        for (ResourceChange c : plan.changes()) {
            if (c.action() == Action.NO_CHANGE && c.reason() != null) {
                lines.add(c.address() + " (" + c.id() + "): " + c.reason());
            }
        }
        Map<String, List<Plan.Untouched>> byReason = new LinkedHashMap<>();
        for (Plan.Untouched u : plan.untouched()) {
            byReason.computeIfAbsent(u.kind() + u.reason(), k -> new ArrayList<>()).add(u);
        }
        for (List<Plan.Untouched> group : byReason.values()) {
            for (int i = 0; i < group.size(); i++) {
                if (i == LISTED_PER_REASON && group.size() > LISTED_PER_REASON + 1) {
                    lines.add("... and " + (group.size() - i) + " more left alone for the same reason");
                    break;
                }
                Plan.Untouched u = group.get(i);
                String type = u.kind() == ResourceChange.Kind.SCHEMA ? DesiredState.SCHEMA_TYPE : DesiredState.INSTANCE_TYPE;
                lines.add((u.address() == null ? type + " " + u.id() : u.address() + " (" + u.id() + ")") + ": " + u.reason());
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        out.append("\nLeft alone:\n");
        lines.forEach(line -> out.append("  ").append(line).append('\n'));
    }

    private static void block(StringBuilder out, ResourceChange c) {
        boolean declared = c.address().indexOf(' ') < 0;
        String type = declared ? c.address().substring(0, c.address().indexOf('.')) : c.address().substring(0, c.address().indexOf(' '));
        String name = declared ? c.address().substring(type.length() + 1) : c.id();
        out.append("  # ").append(c.address()).append(declared ? " (" + c.id() + ")" : "").append(' ')
                .append(verb(c.action())).append('\n');
        if (c.reason() != null) {
            out.append("  # (").append(c.reason()).append(")\n");
        }
        out.append(switch (c.action()) {
            case CREATE -> "  + ";
            case UPDATE -> "  ~ ";
            case DELETE -> "  - ";
            default -> "-/+ ";
        }).append("resource \"").append(type).append("\" \"").append(name).append("\" {\n");

        // The identity first, as Terraform shows it; it never changes (it is how a resource is found).
        String identitySign = c.action() == Action.CREATE ? "+ " : c.action() == Action.DELETE ? "- " : "  ";
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {identitySign, "identifier", quote(c.instance() == null ? c.schema() : c.instance()), ""});
        if (c.instance() != null) {
            lines.add(new String[] {identitySign, "schema", quote(c.schema()), ""});
        }
        for (FieldChange f : c.fields()) {
            String key = terraformName(f.field());
            String note = f.forcesReplacement() ? " # forces replacement" : "";
            if (f.before() == null) {
                lines.add(new String[] {"+ ", key, value(f.field(), f.after()), note});
            } else if (f.after() == null) {
                lines.add(new String[] {"- ", key, value(f.field(), f.before())
                        + (c.action() == Action.DELETE ? "" : " -> null"), note});
            } else {
                lines.add(new String[] {"~ ", key, value(f.field(), f.before()) + " -> " + value(f.field(), f.after()), note});
            }
        }
        int width = lines.stream().mapToInt(l -> l[1].length()).max().orElse(0);
        for (String[] l : lines) {
            out.append("      ").append(l[0]).append(String.format("%-" + width + "s", l[1])).append(" = ")
                    .append(l[2]).append(l[3]).append('\n');
        }
        out.append("    }\n\n");
    }

    private static String verb(Action action) {
        return switch (action) {
            case CREATE -> "will be created";
            case UPDATE -> "will be updated in-place";
            case DELETE -> "will be destroyed";
            case REPLACE -> "must be replaced";
            case NO_CHANGE -> "is unchanged";
        };
    }

    /** The state file's name of an API field: {@code changelog.archivePath} is {@code schema_source.archive_path}. */
    static String terraformName(String field) {
        String f = field.startsWith("changelog.") ? "schema_source." + field.substring("changelog.".length())
                : field.startsWith("changeLogScript.") ? "changelog_script." + field.substring("changeLogScript.".length())
                : field;
        return f.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** A value as the state file writes it: tags as {@code ["k:v"]}, other maps as {@code { K = "v" }}. */
    static String value(String field, Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            if (field.equals("tags")) {
                return map.entrySet().stream()
                        .map(e -> quote(e.getValue().toString().isEmpty() ? e.getKey().toString() : e.getKey() + ":" + e.getValue()))
                        .collect(Collectors.joining(", ", "[", "]"));
            }
            return map.isEmpty() ? "{}" : map.entrySet().stream().map(e -> e.getKey() + " = " + quote(e.getValue().toString()))
                    .collect(Collectors.joining(", ", "{ ", " }"));
        }
        return value instanceof String s ? quote(s) : String.valueOf(value);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
