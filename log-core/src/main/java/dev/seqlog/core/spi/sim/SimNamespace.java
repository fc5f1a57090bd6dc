package dev.seqlog.core.spi.sim;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The names of a {@link SimulatedFileSystem}: directories, the current file entries, and the durable entries a
 * power loss keeps (a directory's current entries become durable when it is synced). Builds the namespace that
 * survives a crash. Guarded by the owning disk's monitor.
 */
final class SimNamespace {
    private final Map<Path, SimInode> names = new HashMap<>();
    private final Map<Path, SimInode> durableNames = new HashMap<>();
    private final Set<Path> dirs = new HashSet<>();

    SimInode file(Path p) {
        return names.get(p);
    }

    boolean isFile(Path p) {
        return names.containsKey(p);
    }

    boolean isDir(Path p) {
        return dirs.contains(p);
    }

    void put(Path p, SimInode inode) {
        names.put(p, inode);
    }

    void remove(Path p) {
        names.remove(p);
    }

    void addDirs(List<Path> created) {
        dirs.addAll(created);
    }

    /** @return the files directly in {@code dir}, by name */
    List<Path> list(Path dir) {
        List<Path> files = new ArrayList<>();
        for (Path p : names.keySet()) {
            if (dir.equals(p.getParent())) {
                files.add(p);
            }
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    /** Makes {@code dir}'s current entries its durable ones: what a power loss then keeps of it. */
    void syncDir(Path dir) {
        durableNames.keySet().removeIf(p -> dir.equals(p.getParent()));
        names.forEach((p, inode) -> {
            if (dir.equals(p.getParent())) {
                durableNames.put(p, inode);
            }
        });
    }

    void requireParentDir(Path p) throws NoSuchFileException {
        Path parent = p.getParent();
        if (parent != null && !dirs.contains(parent)) {
            throw new NoSuchFileException(p.toString(), null, "parent directory does not exist");
        }
    }

    /**
     * The names after a power loss: the durable entries, each file with what {@code mode} keeps of it. Sorted, so
     * the random choices do not depend on hash order; a file with two durable names stays one file.
     */
    SimNamespace afterPowerLoss(TearMode mode, SplittableRandom random) {
        SimNamespace after = new SimNamespace();
        after.dirs.addAll(dirs);
        Map<SimInode, SimInode> survivors = new IdentityHashMap<>();
        for (Path p : new TreeSet<>(durableNames.keySet())) {
            SimInode survivor = survivors.computeIfAbsent(durableNames.get(p),
                    old -> new SimInode(old.afterPowerLoss(mode, random)));
            after.names.put(p, survivor);
            after.durableNames.put(p, survivor);
        }
        return after;
    }

    /** The names after a process crash: an independent copy of everything, unflushed state included. */
    SimNamespace afterProcessCrash() {
        SimNamespace after = new SimNamespace();
        after.dirs.addAll(dirs);
        Map<SimInode, SimInode> copies = new IdentityHashMap<>();
        names.forEach((p, inode) -> after.names.put(p, copies.computeIfAbsent(inode, SimInode::copy)));
        durableNames.forEach((p, inode) -> after.durableNames.put(p, copies.computeIfAbsent(inode, SimInode::copy)));
        return after;
    }

    List<Path> files() {
        List<Path> all = new ArrayList<>(names.keySet());
        Collections.sort(all);
        return all;
    }

    List<Path> durableFiles() {
        List<Path> all = new ArrayList<>(durableNames.keySet());
        Collections.sort(all);
        return all;
    }

    /** @return the total current size of the files that have a name, each file counted once */
    long usedBytes() {
        long used = 0;
        Set<SimInode> files = Collections.newSetFromMap(new IdentityHashMap<>());
        files.addAll(names.values());
        for (SimInode inode : files) {
            used += inode.size();
        }
        return used;
    }

    int size() {
        return names.size();
    }
}
