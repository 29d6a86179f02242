package dev.dbops.sdk.plan;

import dev.dbops.sdk.ListInstances;
import dev.dbops.sdk.ListSchemas;
import dev.dbops.sdk.Page;
import dev.dbops.sdk.PagedList;
import dev.dbops.sdk.Project;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.SortField;
import dev.dbops.sdk.model.SortOrder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * What exists, read by lists rather than one GET per resource: the project's schemas (a page of
 * 100, or a GET per schema when that is cheaper), then each schema's instances, 100 to a page, the
 * pages of all schemas fetched in parallel. A plan with nothing to change thus costs about one
 * request per schema plus one per 100 instances.
 */
final class LiveState {

    /** The most items a page can hold (the API's maximum). */
    static final int PAGE = PagedList.DEFAULT_PAGE_SIZE;

    private final Map<String, DbSchema> schemas = new LinkedHashMap<>();
    private final Map<String, Map<String, DbInstance>> instances = new LinkedHashMap<>();

    private LiveState() {
    }

    /** The schema, if it exists (and was of interest). */
    Optional<DbSchema> schema(String identifier) {
        return Optional.ofNullable(schemas.get(identifier));
    }

    /** The schemas read, in the order of interest (or the project's order, for an export). */
    List<DbSchema> schemas() {
        return List.copyOf(schemas.values());
    }

    /** The instances of a listed schema by identifier, sorted; empty for a schema that does not exist. */
    Map<String, DbInstance> instances(String schema) {
        return instances.getOrDefault(schema, Map.of());
    }

    /** The instance, if it exists in a listed schema. */
    Optional<DbInstance> instance(String schema, String identifier) {
        return Optional.ofNullable(instances(schema).get(identifier));
    }

    /** Every schema of the project (or only those named, when {@code only} is not empty), with all their instances. */
    static LiveState readAll(Project project, Set<String> only, Workers workers, Patience patience) {
        LiveState state = new LiveState();
        Page<DbSchema> first = patience.call(() -> schemaList(project).page(0));
        List<DbSchema> all = new ArrayList<>(first.items());
        if (first.hasNext()) {
            all.addAll(restOfSchemas(project, first, first.totalElements().orElse(0), workers, patience));
        }
        for (DbSchema schema : all) {
            if (only.isEmpty() || only.contains(schema.getIdentifier())) {
                state.schemas.put(schema.getIdentifier(), schema);
            }
        }
        state.readInstances(project, state.schemas.values(), workers, patience);
        return state;
    }

    /** The schemas of interest that exist, and all their instances. */
    static LiveState read(Project project, Set<String> interest, Workers workers, Patience patience) {
        LiveState state = new LiveState();
        if (interest.isEmpty()) {
            return state;
        }
        Page<DbSchema> first = patience.call(() -> schemaList(project).page(0));
        state.take(first.items(), interest);
        Set<String> unknown = new LinkedHashSet<>(interest);
        unknown.removeAll(state.schemas.keySet());
        if (first.hasNext() && !unknown.isEmpty()) {
            OptionalLong total = first.totalElements();
            long morePages = total.isPresent() ? (total.getAsLong() + PAGE - 1) / PAGE - 1 : Long.MAX_VALUE;
            if (morePages <= unknown.size()) {
                // Listing the rest costs no more requests than a GET per unknown schema, and sees them all.
                state.take(restOfSchemas(project, first, total.getAsLong(), workers, patience), interest);
            } else {
                List<Callable<Optional<DbSchema>>> finds = new ArrayList<>();
                for (String identifier : unknown) {
                    finds.add(() -> patience.call(() -> project.schema(identifier).find().execute()));
                }
                for (Optional<DbSchema> found : workers.all(finds)) {
                    found.ifPresent(s -> state.schemas.put(s.getIdentifier(), s));
                }
            }
        }
        // Keep the order of interest, so that plans read the same every time.
        Map<String, DbSchema> ordered = new LinkedHashMap<>();
        for (String identifier : interest) {
            if (state.schemas.containsKey(identifier)) {
                ordered.put(identifier, state.schemas.get(identifier));
            }
        }
        state.schemas.clear();
        state.schemas.putAll(ordered);
        state.readInstances(project, ordered.values(), workers, patience);
        return state;
    }

    /** The schema pages after the first: those the total promises in parallel, then any the list grew into. */
    private static List<DbSchema> restOfSchemas(Project project, Page<DbSchema> first, long total, Workers workers,
                                                Patience patience) {
        long morePages = (total + PAGE - 1) / PAGE - 1;
        List<Callable<Page<DbSchema>>> pages = new ArrayList<>();
        for (int n = 1; n <= morePages; n++) {
            int number = n;
            pages.add(() -> patience.call(() -> schemaList(project).page(number)));
        }
        List<DbSchema> items = new ArrayList<>();
        Page<DbSchema> last = first;
        for (Page<DbSchema> page : workers.all(pages)) {
            items.addAll(page.items());
            last = page;
        }
        while (last.hasNext()) {
            int number = last.number() + 1;
            last = patience.call(() -> schemaList(project).page(number));
            items.addAll(last.items());
        }
        return items;
    }

    private void take(List<DbSchema> items, Set<String> interest) {
        for (DbSchema schema : items) {
            if (interest.contains(schema.getIdentifier())) {
                schemas.put(schema.getIdentifier(), schema);
            }
        }
    }

    /**
     * Lists the instances of these schemas: as many pages of each as its {@code instanceCount}
     * says, all schemas' pages in parallel, then any page a list grew into, one by one.
     */
    private void readInstances(Project project, Collection<DbSchema> of, Workers workers, Patience patience) {
        record PageOf(String schema, Page<DbInstance> page) {
        }
        List<Callable<PageOf>> tasks = new ArrayList<>();
        for (DbSchema schema : of) {
            String identifier = schema.getIdentifier();
            instances.put(identifier, new LinkedHashMap<>());
            long count = schema.getInstanceCount() == null ? 0 : schema.getInstanceCount();
            long pages = Math.max(1, (count + PAGE - 1) / PAGE);
            for (int n = 0; n < pages; n++) {
                int number = n;
                tasks.add(() -> new PageOf(identifier, patience.call(() -> instanceList(project, identifier).page(number))));
            }
        }
        Map<String, Page<DbInstance>> lastPage = new LinkedHashMap<>();
        for (PageOf result : workers.all(tasks)) {
            result.page().items().forEach(i -> instances.get(result.schema()).put(i.getIdentifier(), i));
            Page<DbInstance> last = lastPage.get(result.schema());
            if (last == null || result.page().number() > last.number()) {
                lastPage.put(result.schema(), result.page());
            }
        }
        for (Map.Entry<String, Page<DbInstance>> entry : lastPage.entrySet()) {
            Page<DbInstance> last = entry.getValue();
            while (last.hasNext()) {
                int number = last.number() + 1;
                last = patience.call(() -> instanceList(project, entry.getKey()).page(number));
                last.items().forEach(i -> instances.get(entry.getKey()).put(i.getIdentifier(), i));
            }
        }
        // Sorted by identifier: the service lists by creation, and a plan should read the same every time.
        for (Map.Entry<String, Map<String, DbInstance>> entry : instances.entrySet()) {
            Map<String, DbInstance> sorted = new LinkedHashMap<>();
            entry.getValue().keySet().stream().sorted().forEach(id -> sorted.put(id, entry.getValue().get(id)));
            entry.setValue(sorted);
        }
    }

    // Oldest first: what is created while a list is read lands on a later page, instead of shifting
    // items already read onto the next page, where they would be counted twice or missed.
    private static ListSchemas schemaList(Project project) {
        return project.schemas().list().pageSize(PAGE).sort(SortField.CREATED).order(SortOrder.ASC);
    }

    private static ListInstances instanceList(Project project, String schema) {
        return project.schema(schema).instances().list().pageSize(PAGE).sort(SortField.CREATED).order(SortOrder.ASC);
    }
}
