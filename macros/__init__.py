"""mkdocs-macros entry point: registers variables, macros and filters, nothing else."""


def define_env(env):  # noqa: D103 - registration only
    pass
