package dev.dbops.sdk.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Finds the document's operation for a method and path, to name what a request was. */
final class OperationIndex {

    private record Entry(String method, Pattern path, String id, int parameters) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> ids;

    OperationIndex(OpenApiDocument document) {
        for (OpenApiDocument.Operation op : document.operations()) {
            StringBuilder regex = new StringBuilder("^");
            int parameters = 0;
            for (String segment : op.path().split("/", -1)) {
                if (regex.length() > 1) {
                    regex.append('/');
                }
                boolean parameter = segment.startsWith("{");
                parameters += parameter ? 1 : 0;
                regex.append(parameter ? "[^/]+" : Pattern.quote(segment));
            }
            entries.add(new Entry(op.method(), Pattern.compile(regex.append('$').toString()), op.id(), parameters));
        }
        // Fewer parameters first: GET .../dbschema/overview is the overview, not the schema "overview".
        entries.sort(Comparator.comparingInt(Entry::parameters));
        ids = document.operations().stream().map(OpenApiDocument.Operation::id).collect(Collectors.toUnmodifiableSet());
    }

    /** The operationId, or {@link ReceivedRequest#UNDOCUMENTED}. */
    String idOf(String method, String path) {
        for (Entry e : entries) {
            if (e.method.equals(method) && e.path.matcher(path).matches()) {
                return e.id;
            }
        }
        return ReceivedRequest.UNDOCUMENTED;
    }

    /** Refuses an operationId the document does not declare, naming the ones it does. */
    void requireKnown(String operationId) {
        if (!ids.contains(operationId)) {
            throw new IllegalArgumentException("No operation " + operationId + " in the document; it declares "
                    + ids.stream().sorted().collect(Collectors.joining(", ")));
        }
    }
}
