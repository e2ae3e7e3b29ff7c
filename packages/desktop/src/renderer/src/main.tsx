import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { connectBridge } from "./bridge";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App bridge={connectBridge()} />
    </StrictMode>,
  );
}
