/// What to change when a profile has no peak for the precision `--dtype` or the bits choose: shared
/// by every front end whose inputs are a format name or the bits (the command line's `--dtype`,
/// `--w-bit`/`--a-bit`, the server's fields of the same names), so both say the same.
public enum PrecisionAdvice {
    public static let bitsChooseIt = "--dtype names one the profile has (fp16, fp8, int8, ...), or --w-bit and --a-bit choose it by bits (e.g. 32 and 32 for fp32, 8 and 8 for int8)"
}
