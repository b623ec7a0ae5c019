// header comment — héllo 日本 😀
import { readFile } from 'fs';
import path from "path";
const os = require('os');

/**
 * Adds numbers.
 * @param {number} a
 */
function add(a, b) {
  return a + b;
}

/** Greeter class. */
class Greeter extends Base {
  /** Ctor. */
  constructor(name) {
    super(name);
    this.name = "Ünïcødé 😀";
  }

  /** Greets. */
  greet(who) {
    return add(1, 2) + this.format(who) + path.join("a", "b");
  }

  static create() { return new Greeter("x"); }
  get upper() { return this.name.toUpperCase(); }
}

/** Arrow fn. */
const arrow = (x) => add(x, 1);
const fexpr = function named() { return arrow(2); };
export default function exported() { return 1; }
export const obj = { method() { return add(1, 1); } };
