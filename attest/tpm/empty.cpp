// Keeps a TPM library target valid while its folder is still empty.
