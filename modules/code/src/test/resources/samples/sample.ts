// header comment — héllo 日本 😀
import { readFile } from 'fs';
import * as path from "path";

/** Shape interface. */
export interface Shape {
  area(): number;
}

/** Alias. */
type Id = string | number;

/** Enum. */
enum Dir { Up, Down }

/**
 * Adds numbers.
 */
export function add(a: number, b: number): number {
  return a + b;
}

/** Greeter class. */
export class Greeter<T> extends Base implements Shape {
  private name: string = "Ünïcødé 😀";
  /** Ctor. */
  constructor(name: string) { super(); this.name = name; }

  /** Greets. */
  public greet(who: T): string {
    return add(1, 2) + this.format(String(who)) + path.join("a");
  }

  area(): number { return 0; }
}

/** Abstract. */
abstract class A { abstract f(): void; }

namespace NS { export function inner() { return add(1, 1); } }

const arrow = (x: number): number => add(x, 1);
declare function ambient(x: string): void;
