/** A component. */
import React from "react";
export function App(props: { name: string }) {
  return <div className="x">{greet(props.name)}</div>;
}
/** Class component. */
class Foo extends React.Component<{}> { render() { return <App name="é" />; } }
const g = <T,>(x: T) => x;
