/**
 * A value made once per object and kept as long as the object lives: per server (its deps), per
 * database (its pool). Tests start several servers in one process; each gets its own value.
 */
export function perObject<K extends object, V>(create: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) {
      value = create(key);
      values.set(key, value);
    }
    return value;
  };
}
