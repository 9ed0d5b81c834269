package org.tagllm.spark;

import java.nio.file.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

/**
 * Where executors find the bank: at the path given, on a file system every executor sees, or, for a small bank, in
 * the task's SparkFiles folder, where the driver sends it once per application ({@code SparkContext.addFile}).
 */
final class BankLocation {

    private BankLocation() {}

    /**
     * On the driver, after it read the bank there: what executors are told, after sending the bank folder when
     * {@code ship}.
     */
    static String fromDriver(SparkContext context, String bank, boolean ship) {
        if (!ship) {
            return bank;
        }
        Path dir = Path.of(bank).toAbsolutePath().normalize();
        context.addFile(dir.toUri().toString(), true);
        return dir.getFileName().toString();
    }

    /** On an executor: the bank folder as this JVM sees it. */
    static Path onExecutor(String told, boolean shipped) {
        return shipped ? Path.of(SparkFiles.get(told)) : Path.of(told);
    }
}
