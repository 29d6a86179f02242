package dev.dbops.benchmarks;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import dev.dbops.sdk.model.DbSchemaType;
import dev.dbops.sdk.model.MigrationType;

import java.util.function.Consumer;

/** {@code sdk}: the fluent layer, called the way the README shows it, on a client built with defaults. */
public final class SdkClient {

    private final Seed seed;
    private final HarnessDbOps dbops;

    public SdkClient(String baseUrl, Seed seed) {
        this.seed = seed;
        this.dbops = HarnessDbOps.builder()
                .apiKey(seed.apiKey())
                .accountId(seed.accountId())
                .endpoint(baseUrl)
                .build();
    }

    public DbSchema createSchema() {
        return dbops.project(seed.org(), seed.project()).schemas()
                .create(seed.identifier())
                .name(seed.name())
                .changelogScript(s -> s
                        .command(seed.scriptCommand())
                        .image(seed.scriptImage())
                        .location(seed.scriptLocation())
                        .shell(seed.scriptShell()))
                .changelog(c -> c
                        .connector(seed.changelogConnector())
                        .location(seed.changelogLocation())
                        .repo(seed.changelogRepo()))
                .migrationType(MigrationType.fromValue(seed.migrationType()))
                .type(DbSchemaType.fromValue(seed.type()))
                .execute();
    }

    public DbSchema getSchema() {
        return dbops.project(seed.org(), seed.project()).schema(seed.identifier()).get().execute();
    }

    /** Iterates every instance of the schema (pages fetched as the iteration reaches them). */
    public int listInstances(Consumer<Object> sink) {
        int n = 0;
        for (DbInstance instance : dbops.project(seed.org(), seed.project()).schema(seed.identifier()).instances().list()) {
            sink.accept(instance);
            n++;
        }
        return n;
    }

    /** The client, for tests that look at its pages. */
    public HarnessDbOps dbops() {
        return dbops;
    }
}
