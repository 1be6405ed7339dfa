// R finds a package's routines through R_init_<package>; the Rust static library's
// registration function is called from here so that the linker keeps it.
void R_init_icsoutcomes_extendr(void *dll);

void R_init_icsoutcomes(void *dll) {
    R_init_icsoutcomes_extendr(dll);
}
