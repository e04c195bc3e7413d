package com.csvtokafka.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkpoints as JSON files in a local directory ({@code <job-id>.json}, replaced atomically). The lease is an
 * OS file lock on {@code <job-id>.lock}: held while the runner lives, released by the OS when it dies, so a
 * crashed runner never blocks the next one and two live runners never share a job.
 */
public final class DirectoryCheckpointStore implements CheckpointStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final String owner = Owners.thisRunner();
    private final Map<String, FileLock> locks = new ConcurrentHashMap<>();

    public DirectoryCheckpointStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public Lease acquire(String jobId, Duration ttl) throws LeaseHeldException, IOException {
        Files.createDirectories(dir);
        FileLock lock = tryLock(jobId);
        if (lock == null) {
            String holder = leaseInfo(jobId).map(LeaseInfo::owner).orElse("another process");
            throw new LeaseHeldException("job " + jobId + " is already running (lease held by " + holder
                    + " on " + lockFile(jobId) + "); wait for it to finish or stop it first");
        }
        locks.put(jobId, lock);
        Map<String, Object> item = read(jobId).orElseGet(LinkedHashMap::new);
        long epoch = ((Number) item.getOrDefault("epoch", 0L)).longValue() + 1;
        item.put("job_id", jobId);
        item.put("owner", owner);
        item.put("epoch", epoch);
        item.put("lease_expires_at", System.currentTimeMillis() + ttl.toMillis());
        write(jobId, item);
        return new Lease(jobId, owner, epoch, CheckpointAttributes.generation(item));
    }

    @Override
    public Optional<Checkpoint> load(String jobId) throws IOException {
        return read(jobId).flatMap(CheckpointAttributes::fromMap);
    }

    @Override
    public Optional<String> resetAt(String jobId) throws IOException {
        return read(jobId).flatMap(CheckpointAttributes::resetAt);
    }

    @Override
    public void save(Lease lease, Checkpoint checkpoint, Duration ttl) throws LeaseLostException, IOException {
        Map<String, Object> item = checkLease(lease);
        item.remove("seek_raw"); // written only for a compressed input's position: not left from an older one
        item.remove("seek_decoded");
        item.putAll(CheckpointAttributes.toMap(checkpoint));
        item.put("lease_expires_at", System.currentTimeMillis() + ttl.toMillis());
        write(lease.jobId(), item);
    }

    @Override
    public void renew(Lease lease, Duration ttl) throws LeaseLostException, IOException {
        Map<String, Object> item = checkLease(lease);
        item.put("lease_expires_at", System.currentTimeMillis() + ttl.toMillis());
        write(lease.jobId(), item);
    }

    @Override
    public void release(Lease lease) throws IOException {
        FileLock lock = locks.remove(lease.jobId());
        if (lock == null) {
            return;
        }
        Optional<Map<String, Object>> item = read(lease.jobId());
        if (item.isPresent() && owner.equals(item.get().get("owner"))) {
            item.get().put("lease_expires_at", 0L);
            write(lease.jobId(), item.get());
        }
        lock.channel().close();
    }

    @Override
    public long reset(String jobId) throws LeaseHeldException, IOException {
        Files.createDirectories(dir);
        FileLock lock = tryLock(jobId);
        if (lock == null) {
            throw new LeaseHeldException("job " + jobId + " is running; stop it before resetting it");
        }
        try {
            Map<String, Object> item = CheckpointAttributes.resetItem(jobId, read(jobId).orElseGet(Map::of));
            Files.deleteIfExists(inputsFile(jobId));
            write(jobId, item);
            return CheckpointAttributes.generation(item);
        } finally {
            lock.channel().close();
        }
    }

    @Override
    public Optional<LeaseInfo> leaseInfo(String jobId) throws IOException {
        return read(jobId).filter(item -> item.get("owner") != null).map(item -> new LeaseInfo(
                (String) item.get("owner"), ((Number) item.getOrDefault("epoch", 0L)).longValue(),
                ((Number) item.getOrDefault("lease_expires_at", 0L)).longValue()));
    }

    @Override
    public String describe() {
        return "checkpoint directory " + dir;
    }

    @Override
    public void close() {
        for (FileLock lock : locks.values()) {
            try {
                lock.channel().close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing else to do
            }
        }
        locks.clear();
    }

    private Map<String, Object> checkLease(Lease lease) throws LeaseLostException, IOException {
        Map<String, Object> item = read(lease.jobId()).orElseThrow(() -> new IOException(
                "checkpoint file " + file(lease.jobId()) + " disappeared while the job was running"));
        long epoch = ((Number) item.getOrDefault("epoch", 0L)).longValue();
        if (!locks.containsKey(lease.jobId()) || !lease.owner().equals(item.get("owner")) || epoch != lease.epoch()) {
            throw new LeaseLostException("job " + lease.jobId() + " was taken over by " + item.get("owner")
                    + " (epoch " + epoch + "); this runner stops without writing");
        }
        return item;
    }

    private FileLock tryLock(String jobId) throws IOException {
        FileChannel channel = FileChannel.open(lockFile(jobId), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            channel.close(); // held by this very process
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> read(String jobId) throws IOException {
        Path file = file(jobId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(new LinkedHashMap<String, Object>(JSON.readValue(file.toFile(), Map.class)));
    }

    private void write(String jobId, Map<String, Object> item) throws IOException {
        Path tmp = dir.resolve(jobId + ".json.tmp");
        Files.write(tmp, JSON.writeValueAsBytes(item));
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file(jobId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void saveInputs(Lease lease, String inputs, Duration ttl) throws LeaseLostException, IOException {
        checkLease(lease);
        Path tmp = dir.resolve(lease.jobId() + ".inputs.gz.tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
            out.write(inputs.getBytes(StandardCharsets.UTF_8));
        }
        Files.move(tmp, inputsFile(lease.jobId()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public Optional<String> loadInputs(String jobId) throws IOException {
        Path file = inputsFile(jobId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private Path inputsFile(String jobId) {
        return dir.resolve(jobId + ".inputs.gz");
    }

    private Path file(String jobId) {
        return dir.resolve(jobId + ".json");
    }

    private Path lockFile(String jobId) {
        return dir.resolve(jobId + ".lock");
    }
}
