package dev.dbops.benchmarks;

import dev.dbops.sdk.ListInstances;
import dev.dbops.sdk.model.DbInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Iterating 10,000 instances holds one page at a time: while the iteration is on page p, every
 * instance of pages 0 to p-1 can be collected. Checked by reachability: a weak reference to the
 * first instance of every page, and a full collection at page boundaries. The control test keeps
 * the items ({@code toList()}) and must see them survive, so the check does detect retention.
 */
class PagingMemoryTest {

    private static LoopbackServer server;
    private static SdkClient sdk;

    @BeforeAll
    static void start() {
        Seed seed = Seed.fromSpec();
        server = LoopbackServer.start(CannedResponses.fromSpec());
        sdk = new SdkClient(server.baseUrl(), seed);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ListInstances list() {
        Seed seed = Seed.fromSpec();
        return sdk.dbops().project(seed.org(), seed.project()).schema(seed.identifier()).instances().list();
    }

    @Test
    void iterationHoldsOnlyTheCurrentPage() {
        List<WeakReference<DbInstance>> firstOfPage = new ArrayList<>();
        int seen = 0;
        int pagesChecked = 0;
        Iterator<DbInstance> it = list().iterator();
        while (it.hasNext()) {
            int page = seen / CannedResponses.PAGE_SIZE;
            if (seen % CannedResponses.PAGE_SIZE == 0) {
                firstOfPage.add(new WeakReference<>(it.next()));
                if (page > 0 && (page % 9 == 1 || page == CannedResponses.PAGES - 1)) {
                    // The iterator has fetched page `page`; nothing may keep the earlier ones.
                    assertThat(collectableUpTo(firstOfPage, page))
                            .as("instances of pages before %d are unreachable while iterating page %d", page, page)
                            .isTrue();
                    assertThat(firstOfPage.get(page).get()).as("the current page is held").isNotNull();
                    pagesChecked++;
                }
            } else {
                it.next();
            }
            seen++;
        }
        assertThat(seen).isEqualTo(CannedResponses.TOTAL_INSTANCES);
        assertThat(pagesChecked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void controlKeptItemsStayReachable() {
        List<DbInstance> all = list().pageSize(100).toList();
        List<WeakReference<DbInstance>> refs = new ArrayList<>();
        for (int page = 0; page < CannedResponses.PAGES; page++) {
            refs.add(new WeakReference<>(all.get(page * CannedResponses.PAGE_SIZE)));
        }
        assertThat(collectableUpTo(refs, CannedResponses.PAGES)).isFalse();
        assertThat(all).hasSize(CannedResponses.TOTAL_INSTANCES);
    }

    /** Whether the referents of refs[0..end) are all cleared after (at most a few) full collections. */
    private static boolean collectableUpTo(List<WeakReference<DbInstance>> refs, int end) {
        for (int attempt = 0; attempt < 5; attempt++) {
            System.gc();
            boolean cleared = true;
            for (int i = 0; i < end; i++) {
                cleared &= refs.get(i).get() == null;
            }
            if (cleared) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
