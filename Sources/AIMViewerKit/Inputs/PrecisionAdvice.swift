/// What to change when a profile has no peak for the precision the bits choose: shared by every
/// front end whose inputs are the bits (the command line's `--w-bit`/`--a-bit`, the server's
/// `w-bit`/`a-bit` fields), so both say the same.
public enum PrecisionAdvice {
    public static let bitsChooseIt = "--w-bit and --a-bit choose it (e.g. 32 and 32 for fp32, 8 and 8 for int8)"
}
