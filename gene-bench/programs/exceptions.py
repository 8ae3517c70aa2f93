# exceptions: twin of exceptions.gene. Python's Exception stands in for gene's built-in one;
# the code is inside functions, Python's fast form.
class AppError(Exception):
    def __init__(self, code):
        super().__init__("app error")
        self.code = code


class NotFound(AppError):
    def __init__(self, code):
        super().__init__(code)
        self.path = "missing"


cleanups = 0


def level3(i):
    kind = i % 4
    if kind == 1:
        raise AppError(i)
    elif kind == 2:
        raise NotFound(i)
    elif kind == 3:
        raise Exception("plain failure")
    return i


def level2(i):
    global cleanups
    try:
        return level3(i) + 1
    finally:
        cleanups += 1


def level1(i):
    return level2(i) * 2


def main():
    n = 1200000
    ok = 0
    app = 0
    missing = 0
    plain = 0
    finals = 0
    checksum = 0
    i = 0
    while i < n:
        try:
            checksum += level1(i) % 1000
            ok += 1
        except NotFound as ex:
            missing += 1
            checksum += (ex.code % 7) + len(ex.path)
        except AppError as ex:
            app += 1
            checksum += ex.code % 5
        except Exception as ex:
            plain += 1
            checksum += len(str(ex))
        finally:
            finals += 1
        checksum = checksum % 1000003
        i += 1
    print("ok", ok, "app", app, "missing", missing, "plain", plain, "finally", finals,
          "cleanups", cleanups, "checksum", checksum)


main()
